package edu.concurrency.probes;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.TestExecutor;
import org.openjdk.jcstress.infra.collectors.DiskWriteCollector;
import org.openjdk.jcstress.infra.collectors.MuxCollector;
import org.openjdk.jcstress.infra.collectors.TestResultCollector;
import org.openjdk.jcstress.infra.grading.ConsoleReportPrinter;
import org.openjdk.jcstress.infra.runners.TestConfig;
import org.openjdk.jcstress.os.AffinitySupport;
import org.openjdk.jcstress.os.OSSupport;
import org.openjdk.jcstress.os.Scheduler;
import org.openjdk.jcstress.os.SchedulingClass;
import org.openjdk.jcstress.os.topology.Topology;
import org.openjdk.jcstress.vm.VMSupport;

/**
 * Runs jcstress 0.16 as {@code org.openjdk.jcstress.Main} does ({@code JCStress.run()}), with two
 * differences that matter to a grader:
 * <ol>
 *   <li><b>The JVM is probed once per grading, not once per invocation.</b> jcstress starts about 25
 *       JVMs before its first test to learn which flags the JVM accepts (6-8 s on a 2-core machine,
 *       more when loaded). {@code --detect} does only that and prints the findings as one line
 *       {@value #STATE_PREFIX}{@code BASE64}; {@code --vm-state BASE64} before the jcstress options
 *       restores them instead of probing again. The grader probes while the submission's suites
 *       run and passes the line to every invocation of the grading. The findings depend only on the
 *       JDK and the machine, never on the submission. They include the count of CPUs that can run
 *       hot ({@code VMSupport.HOT_CPUS}), which jcstress's option parsing otherwise measures by
 *       keeping every CPU busy for a second per invocation.</li>
 *   <li><b>One JVM configuration, not two, on JDK 17.</b> Where the JVM still accepts
 *       {@code -XX:+UseBiasedLocking} (JDK 17; removed in JDK 18), jcstress runs every test twice,
 *       with and without it. Biased locking has been off by default since JDK 15 (JEP 374), so the
 *       run with it tests a configuration no student's program runs in; only the default one runs.</li>
 * </ol>
 * A third, smaller one: results reach the console and the result file directly (under a lock)
 * rather than through jcstress's buffer thread, whose once-a-second poll made every invocation
 * wait up to a second after its last fork.
 * Everything else (options, scheduling, forks, result files, console output) is jcstress's own.
 * The state lives in private static fields of jcstress's {@code VMSupport} and {@code OSSupport},
 * read and written by reflection: this class is tied to jcstress 0.16, and its test in the grader
 * runs a real probe through it to notice when an upgrade breaks it.
 *
 * <p>Exit status: 0 when jcstress ran (whatever the verdicts), 1 for options jcstress rejects, 2 for a
 * malformed {@code --vm-state}.
 */
public final class JcstressLauncher {
    /** Start of the line {@code --detect} prints. */
    public static final String STATE_PREFIX = "jcstress-vm-state: ";
    /**
     * The line {@code --await-turn} prints when everything before the first fork is done (JVM
     * start-up, jcstress's CPU count, the test list, the check of the JVM configuration); the
     * launcher then waits for a line on stdin before it starts the forks, and ends without running
     * any when stdin ends first.
     */
    public static final String AWAITING_TURN = "jcstress-launcher: ready to fork";
    /** The option that makes the launcher wait for the grader's go before its forks. */
    public static final String AWAIT_TURN = "--await-turn";
    private static final List<Class<?>> STATE_HOLDERS = List.of(VMSupport.class, OSSupport.class);
    /** Fields that are outputs of the per-run configuration, not findings about the JVM. */
    private static final List<String> NOT_STATE = List.of("AVAIL_JVM_CONFIGS");
    private static final String BIASED_LOCKING = "BIASED_LOCKING_AVAILABLE";
    /** Prefix of a saved int field's value, such as {@code VMSupport.HOT_CPUS}. */
    static final String INT = "int:";

    private JcstressLauncher() {
    }

    /**
     * @param args {@code --detect}, or {@code [--await-turn] [--vm-state BASE64] JCSTRESS-OPTIONS...}
     * @throws Exception whatever jcstress throws
     */
    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.equals(List.of("--detect"))) {
            Options defaults = new Options(new String[0]);
            defaults.parse();
            OSSupport.init();
            VMSupport.initFlags(defaults);
            System.out.println(STATE_PREFIX + saveState());
            return;
        }
        boolean awaitTurn = !rest.isEmpty() && rest.get(0).equals(AWAIT_TURN);
        if (awaitTurn) {
            rest = rest.subList(1, rest.size());
        }
        String state = null;
        if (rest.size() >= 2 && rest.get(0).equals("--vm-state")) {
            state = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (state != null) {
            // before the options are parsed: parsing counts the CPUs that can run hot by burning
            // every CPU for a second unless the count (VMSupport.HOT_CPUS) is known already
            try {
                restoreState(state);
            } catch (IllegalArgumentException e) {
                System.err.println("Malformed --vm-state: " + e.getMessage());
                System.exit(2);
            }
        }
        Options opts = new Options(rest.toArray(new String[0]));
        if (!opts.parse()) {
            System.exit(1);
        }
        if (state == null) {
            OSSupport.init();
            VMSupport.initFlags(opts);
        } else {
            unpackAffinityLibrary();
        }
        setStatic(VMSupport.class, BIASED_LOCKING, false);
        run(opts, awaitTurn);
    }

    /**
     * Unpacks JNA's native library for this run, as jcstress's probing of the OS does
     * ({@code AffinitySupport.prepare()}: a file written under the home, no JVM started), and points
     * the forks' options at it. A restored state names the library where the probing run unpacked
     * it, which may be another home (a sandboxed grading gets a fresh one); without the library
     * every fork fails to bind its threads to CPUs. Where unpacking fails, affinity is off, as
     * jcstress's probing would have found.
     */
    private static void unpackAffinityLibrary() throws NoSuchFieldException {
        Field available = OSSupport.class.getDeclaredField("AFFINITY_SUPPORT_AVAILABLE");
        if (!Boolean.TRUE.equals(get(available))) {
            return;
        }
        Field options = OSSupport.class.getDeclaredField("AFFINITY_ADDITIONAL_OPTIONS");
        try {
            setList(options, new ArrayList<>(AffinitySupport.prepare()));
        } catch (RuntimeException | LinkageError e) {
            set(available, false);
        }
    }

    /**
     * {@code JCStress.run()} after its probing of the OS and the JVM; with {@code awaitTurn}, the
     * forks wait for a line on stdin (see {@link #AWAITING_TURN}).
     */
    private static void run(Options opts, boolean awaitTurn) throws Exception {
        PrintStream out = System.out;
        VMSupport.detectAvailableVMConfigs(opts.isSplitCompilation(), opts.getJvmArgs(), opts.getJvmArgsPrepend());
        if (VMSupport.getAvailableVMConfigs().isEmpty()) {
            out.println("FATAL: No JVM configurations to run with.");
            return;
        }
        JCStress jcstress = new JCStress(opts);
        SortedSet<String> tests = jcstress.getTests();

        Topology topology = Topology.get();
        out.println("Detecting CPU topology and computing scheduling classes:");
        topology.printStatus(out);
        out.println();

        out.println("  Scheduling classes for matching tests:");
        Scheduler scheduler = new Scheduler(topology, opts.getCPUCount());
        @SuppressWarnings("unchecked")
        Map<Integer, List<SchedulingClass>> classes = (Map<Integer, List<SchedulingClass>>) call(jcstress,
                "computeSchedulingClasses", tests, scheduler);
        @SuppressWarnings("unchecked")
        List<TestConfig> configs = (List<TestConfig>) call(jcstress, "prepareRunProgram", classes, tests);

        opts.printSettingsOn(out);
        if (configs.isEmpty()) {
            out.println("FATAL: No matching tests.");
            return;
        }

        ConsoleReportPrinter printer = new ConsoleReportPrinter(opts, new PrintWriter(out, true), configs.size());
        DiskWriteCollector diskCollector = new DiskWriteCollector(opts.getResultFile());
        TestResultCollector mux = MuxCollector.of(printer, diskCollector);
        // Each result goes straight to the console and the result file, one at a time. jcstress's
        // SerializedBufferCollector hands them to a thread that polls its queue once a second and
        // is joined at the end: that join alone cost 1.0-1.2 s of every invocation (measured from
        // the last fork's exit to the host's exit, 6 runs), time the grading spends holding the
        // machine alone.
        Object sinkLock = new Object();
        TestResultCollector sink = result -> {
            synchronized (sinkLock) {
                mux.add(result);
            }
        };
        TestExecutor executor = new TestExecutor(opts.verbosity(), sink, scheduler);
        printer.setExecutor(executor);
        if (awaitTurn) {
            out.println(AWAITING_TURN);
            out.flush();
            if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
                out.println("FATAL: stdin ended before the go to fork.");
                return;
            }
        }
        executor.runAll(configs);
        diskCollector.close();
        printer.printFinishLine();
        out.println();
        out.println();
        jcstress.parseResults();
    }

    /** The static findings of {@code VMSupport} and {@code OSSupport}, as Base64 of a properties file. */
    static String saveState() throws IOException {
        Properties state = new Properties();
        for (Class<?> holder : STATE_HOLDERS) {
            for (Field field : stateFields(holder)) {
                Object value = get(field);
                String key = holder.getSimpleName() + "." + field.getName();
                if (value instanceof Boolean || value instanceof Integer) {
                    state.setProperty(key, value instanceof Integer ? INT + value : value.toString());
                } else if (value instanceof List<?> list) {
                    state.setProperty(key, "list:" + String.join("\n", list.stream().map(String::valueOf).toList()));
                } else if (value == null) {
                    state.setProperty(key, "null");
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.store(bytes, null);
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * Sets the fields {@link #saveState()} saved.
     *
     * @throws IllegalArgumentException when the text is not such a state or names a field jcstress lacks
     */
    static void restoreState(String base64) throws IOException {
        Properties state = new Properties();
        state.load(new ByteArrayInputStream(Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII))));
        if (state.isEmpty()) {
            throw new IllegalArgumentException("no field saved");
        }
        for (String key : state.stringPropertyNames()) {
            String[] parts = key.split("\\.", 2);
            Class<?> holder = STATE_HOLDERS.stream().filter(c -> c.getSimpleName().equals(parts[0])).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown holder in " + key));
            String value = state.getProperty(key);
            Field field = stateFields(holder).stream().filter(f -> f.getName().equals(parts[1])).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("jcstress has no field " + key));
            if (value.startsWith("list:")) {
                String items = value.substring("list:".length());
                setList(field, items.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(items.split("\n"))));
            } else if (value.startsWith(INT)) {
                try {
                    set(field, Integer.valueOf(value.substring(INT.length())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number in " + key, e);
                }
            } else if (value.equals("null")) {
                set(field, null);
            } else {
                set(field, Boolean.parseBoolean(value));
            }
        }
    }

    private static List<Field> stateFields(Class<?> holder) {
        return Arrays.stream(holder.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && !NOT_STATE.contains(f.getName()))
                .filter(f -> f.getType() == boolean.class || f.getType() == int.class
                        || List.class.isAssignableFrom(f.getType()))
                .toList();
    }

    /** Sets a static list field, or refills it when it is final. */
    private static void setList(Field field, List<String> list) {
        if (Modifier.isFinal(field.getModifiers())) {
            @SuppressWarnings("unchecked")
            List<String> target = (List<String>) get(field);
            target.clear();
            target.addAll(list);
        } else {
            set(field, list);
        }
    }

    private static void setStatic(Class<?> holder, String name, Object value) throws NoSuchFieldException {
        set(holder.getDeclaredField(name), value);
    }

    private static Object get(Field field) {
        try {
            field.setAccessible(true);
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static void set(Field field, Object value) {
        try {
            field.setAccessible(true);
            field.set(null, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + field, e);
        }
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    }
}
