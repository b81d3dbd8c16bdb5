package edu.concurrency.grader.jcstress;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import edu.concurrency.grader.sandbox.Sandbox;
import edu.concurrency.probes.JcstressLauncher;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real probes jar with jcstress against small {@code BoundedBuffer} variants compiled
 * here, and checks the verdicts both ways. The JVM is probed once for the class, as for a
 * grading ({@link JvmProbe}); the hanging variant is found stuck after a sixteenth of its 120 s
 * timeout, and a second dump.
 *
 * <p>System properties: {@code probes.jar} (default {@code ../jcstress-tests/target/jcstress.jar};
 * the jcstress tests are skipped when it is missing) and {@code jcstress.java} (the {@code java}
 * launcher to run jcstress with; default: the JVM running this test).
 */
@Tag("slow")
@Tag("jcstress")
class JcstressRunnerTest {

    private static final String OFFER_OFFER = "edu.concurrency.probes.queue.OfferOfferProbe";
    private static final String POLL_POLL = "edu.concurrency.probes.queue.PollPollProbe";
    private static final String OFFER_POLL_SIZE = "edu.concurrency.probes.queue.OfferPollSizeProbe";
    private static final List<String> ALL = List.of(OFFER_OFFER, POLL_POLL, OFFER_POLL_SIZE);

    private static final Path PROBES = Path.of(System.getProperty("probes.jar", "../jcstress-tests/target/jcstress.jar"))
            .toAbsolutePath();
    private static final Path JAVA = Path.of(System.getProperty("jcstress.java",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));

    /** A correct buffer: every method synchronized, wait/notifyAll. */
    private static final String CORRECT = """
            package edu.concurrency.queue;

            import java.util.concurrent.TimeUnit;

            public class BoundedBuffer<E> {
                private final Object[] items;
                private int head, tail, count;

                public BoundedBuffer(int capacity) {
                    if (capacity < 1) throw new IllegalArgumentException("capacity < 1");
                    items = new Object[capacity];
                }
                public synchronized void put(E item) throws InterruptedException {
                    if (item == null) throw new NullPointerException();
                    while (count == items.length) wait();
                    enqueue(item);
                }
                public synchronized E take() throws InterruptedException {
                    while (count == 0) wait();
                    return dequeue();
                }
                public synchronized boolean offer(E item) {
                    if (item == null) throw new NullPointerException();
                    if (count == items.length) return false;
                    enqueue(item);
                    return true;
                }
                public synchronized E poll() {
                    return count == 0 ? null : dequeue();
                }
                public synchronized boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
                    if (item == null) throw new NullPointerException();
                    long left = unit.toNanos(timeout);
                    long deadline = System.nanoTime() + left;
                    while (count == items.length) {
                        if (left <= 0) return false;
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                        left = deadline - System.nanoTime();
                    }
                    enqueue(item);
                    return true;
                }
                public synchronized E poll(long timeout, TimeUnit unit) throws InterruptedException {
                    long left = unit.toNanos(timeout);
                    long deadline = System.nanoTime() + left;
                    while (count == 0) {
                        if (left <= 0) return null;
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                        left = deadline - System.nanoTime();
                    }
                    return dequeue();
                }
                public synchronized int size() { return count; }
                public int capacity() { return items.length; }

                private void enqueue(E item) {
                    items[tail] = item;
                    tail = (tail + 1) % items.length;
                    count++;
                    notifyAll();
                }
                @SuppressWarnings("unchecked")
                private E dequeue() {
                    E item = (E) items[head];
                    items[head] = null;
                    head = (head + 1) % items.length;
                    count--;
                    notifyAll();
                    return item;
                }
            }
            """;

    private static final String CORRECT_OFFER = """
                public synchronized boolean offer(E item) {
                    if (item == null) throw new NullPointerException();
                    if (count == items.length) return false;
                    enqueue(item);
                    return true;
                }
            """;

    /** Check-then-act without the lock; notifies under the lock so that it does not throw. */
    private static final String UNSYNCHRONIZED_OFFER = """
                public boolean offer(E item) {
                    if (item == null) throw new NullPointerException();
                    if (count == items.length) return false;
                    items[tail] = item;
                    tail = (tail + 1) % items.length;
                    count++;
                    synchronized (this) { notifyAll(); }
                    return true;
                }
            """;

    /** Waits for room like put: with two offers into a capacity-1 buffer, the second never returns. */
    private static final String BLOCKING_OFFER = """
                public synchronized boolean offer(E item) {
                    if (item == null) throw new NullPointerException();
                    while (count == items.length) {
                        try { wait(); } catch (InterruptedException e) { return false; }
                    }
                    enqueue(item);
                    return true;
                }
            """;

    /** The exercise's unimplemented stub. */
    private static final String STUB = """
            package edu.concurrency.queue;

            import java.util.concurrent.TimeUnit;

            public class BoundedBuffer<E> {
                public BoundedBuffer(int capacity) { }
                public void put(E item) throws InterruptedException { throw new UnsupportedOperationException("TODO"); }
                public E take() throws InterruptedException { throw new UnsupportedOperationException("TODO"); }
                public boolean offer(E item) { throw new UnsupportedOperationException("TODO"); }
                public E poll() { throw new UnsupportedOperationException("TODO"); }
                public boolean offer(E item, long timeout, TimeUnit unit) { throw new UnsupportedOperationException("TODO"); }
                public E poll(long timeout, TimeUnit unit) { throw new UnsupportedOperationException("TODO"); }
                public int size() { throw new UnsupportedOperationException("TODO"); }
                public int capacity() { throw new UnsupportedOperationException("TODO"); }
            }
            """;

    @TempDir
    Path temp;

    /** What one {@link JvmProbe} found, shared by the runs of this class as by those of a grading. */
    private static Optional<String> vmState = Optional.empty();

    @BeforeAll
    static void sanity() {
        assertThat(CORRECT).contains(CORRECT_OFFER);
    }

    @BeforeAll
    static void probeTheJvmOnce(@TempDir Path dir) throws InterruptedException {
        assumeTrue(Files.isRegularFile(PROBES), "no probes jar at " + PROBES + " (build jcstress-tests first)");
        try (JvmProbe probe = JvmProbe.start(JAVA, PROBES, dir)) {
            vmState = probe.state(Duration.ofSeconds(60));
        }
        assertThat(vmState).as("what the JVM probe found").isPresent();
    }

    @Test
    @DisplayName("given the JVM probe's findings, jcstress starts no probing JVM and runs each probe in one configuration")
    void probedJvmRunsOneConfigurationWithoutProbing() throws Exception {
        Map<String, ProbeVerdict> verdicts = run(CORRECT, List.of(POLL_POLL), Duration.ofSeconds(120));

        assertThat(verdicts.get(POLL_POLL).outcome()).as(verdicts.get(POLL_POLL).toString())
                .isEqualTo(ProbeVerdict.Outcome.PASSED);
        String console = Files.readString(temp.resolve("work/jcstress/run-1/console.txt"));
        assertThat(console).as("jcstress's console").doesNotContain("Probing the target OS", "Trimming down")
                .doesNotContain("UseBiasedLocking")
                .as("the count of CPUs that can run hot comes with the findings: no second of burning every CPU")
                .doesNotContain("Burning up to figure out the exact CPU count");
        assertThat(console.lines().filter(l -> l.startsWith("----- [OK] ["))).as("JVM configurations run").hasSize(1);
    }

    @Test
    @DisplayName("without the JVM probe's findings, jcstress probes for itself and still runs one configuration")
    void unprobedJvmProbesForItself() throws Exception {
        assumeTrue(Files.isRegularFile(PROBES), "no probes jar at " + PROBES + " (build jcstress-tests first)");
        Map<String, ProbeVerdict> verdicts = new JcstressRunner(JAVA, PROBES, Duration.ofSeconds(120))
                .run(List.of(compile(CORRECT)), List.of(POLL_POLL), temp.resolve("work"));

        assertThat(verdicts.get(POLL_POLL).outcome()).as(verdicts.get(POLL_POLL).toString())
                .isEqualTo(ProbeVerdict.Outcome.PASSED);
        String console = Files.readString(temp.resolve("work/jcstress/run-1/console.txt"));
        assertThat(console).contains("Trimming down", "Burning up to figure out the exact CPU count");
        assertThat(console.lines().filter(l -> l.startsWith("----- [OK] ["))).as("JVM configurations run").hasSize(1);
    }

    @Test
    @DisplayName("a correct BoundedBuffer passes all three probes; with a turn, jcstress starts at once, its forks"
            + " wait for the turn, and the turn ends with them")
    void correctBufferPassesAllProbesAndItsForksWaitForTheTurn() throws Exception {
        assumeTrue(Files.isRegularFile(PROBES), "no probes jar at " + PROBES + " (build jcstress-tests first)");
        Path classes = compile(CORRECT);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        MachineTurn turn = new MachineTurn() {
            @Override
            public void beforeStart() {
                events.add("share");
            }

            @Override
            public Closeable take() {
                events.add("take: host " + (running("JcstressHost") ? "running" : "absent")
                        + ", forks " + (running("ForkedMain") ? "running" : "none"));
                return () -> events.add("end: forks " + (running("ForkedMain") ? "running" : "none"));
            }
        };
        Map<String, ProbeVerdict> verdicts = new JcstressRunner(JAVA, PROBES, Duration.ofSeconds(120), null, vmState,
                Sandbox.none(), turn).run(List.of(classes), ALL, temp.resolve("work"));

        assertThat(verdicts).containsOnlyKeys(ALL);
        assertThat(verdicts.values()).allSatisfy(v -> {
            assertThat(v.outcome()).as(v.toString()).isEqualTo(ProbeVerdict.Outcome.PASSED);
            assertThat(v.summary()).startsWith("No forbidden outcome in ");
        });
        assertThat(events).containsExactly("share", "take: host running, forks none", "end: forks none");
        String console = Files.readString(temp.resolve("work/jcstress/run-1/console.txt"));
        assertThat(console).contains(JcstressLauncher.AWAIT_TURN, JcstressLauncher.AWAITING_TURN);
        assertThat(console.indexOf(JcstressLauncher.AWAITING_TURN)).as("the go came after everything but the forks")
                .isGreaterThan(console.indexOf("Test result blob"));
    }

    @Test
    @DisplayName("a wait for the turn that uses up the budget leaves jcstress no time after the go: its probes are"
            + " not finished, and the run ends with the budget")
    void aTurnThatComesAfterTheBudgetCutsTheInvocation() throws Exception {
        assumeTrue(Files.isRegularFile(PROBES), "no probes jar at " + PROBES + " (build jcstress-tests first)");
        Path classes = compile(CORRECT);
        Duration budget = Duration.ofSeconds(6);
        MachineTurn late = () -> {
            // the grading's shared phases, standing in: they run past the budget before the turn comes
            new CountDownLatch(1).await(budget.toMillis() + 500, TimeUnit.MILLISECONDS);
            return () -> { };
        };
        long start = System.nanoTime();
        Map<String, ProbeVerdict> verdicts = new JcstressRunner(JAVA, PROBES, Duration.ofSeconds(120), budget, vmState,
                Sandbox.none(), late).run(List.of(classes), List.of(POLL_POLL), temp.resolve("work"));

        assertThat(verdicts.get(POLL_POLL).outcome()).as(verdicts.get(POLL_POLL).toString())
                .isEqualTo(ProbeVerdict.Outcome.ERROR);
        assertThat(verdicts.get(POLL_POLL).summary()).startsWith(JcstressRunner.NOT_FINISHED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the invocation's 120 s timeout after the go")
                .isLessThan(budget.plusSeconds(15));
    }

    /** Whether a live descendant of this JVM has {@code mainClass} on its command line. */
    private static boolean running(String mainClass) {
        return ProcessHandle.current().descendants()
                .anyMatch(h -> h.isAlive() && h.info().commandLine().orElse("").contains(mainClass));
    }

    @Test
    @DisplayName("an offer without the lock fails OfferOfferProbe with the race, the outcome and its count")
    void unsynchronizedOfferFailsOfferOfferProbe() throws Exception {
        Map<String, ProbeVerdict> verdicts = run(CORRECT.replace(CORRECT_OFFER, UNSYNCHRONIZED_OFFER),
                List.of(OFFER_OFFER, POLL_POLL), Duration.ofSeconds(120));

        ProbeVerdict offer = verdicts.get(OFFER_OFFER);
        assertThat(offer.outcome()).as(offer.toString()).isEqualTo(ProbeVerdict.Outcome.FAILED);
        assertThat(offer.summary())
                .startsWith("Race condition: both offers succeeded on a capacity-1 buffer")
                .containsPattern("Observed \"true, true, \\d\" in [\\d,]+ of [\\d,]+ samples");
        assertThat(offer.details()).anyMatch(d -> d.startsWith("FORBIDDEN \"true, true,"));
        assertThat(verdicts.get(POLL_POLL).outcome()).as(verdicts.get(POLL_POLL).toString())
                .isEqualTo(ProbeVerdict.Outcome.PASSED);
    }

    @Test
    @DisplayName("the unimplemented stub fails every probe with a message naming the exception and the method")
    void stubFailsAllProbes() throws Exception {
        Map<String, ProbeVerdict> verdicts = run(STUB, ALL, Duration.ofSeconds(120));

        assertThat(verdicts.values()).allSatisfy(v -> {
            assertThat(v.outcome()).as(v.toString()).isEqualTo(ProbeVerdict.Outcome.FAILED);
            assertThat(v.summary()).startsWith("BoundedBuffer.offer threw UnsupportedOperationException: TODO (BoundedBuffer.java:");
        });
    }

    @Test
    @DisplayName("an offer that blocks forever fails its probe once its JVM is seen stuck, long before the timeout;"
            + " the other probe still runs, no process is left")
    void blockingOfferFailsOnceSeenStuck() throws Exception {
        // A normal run of these two probes takes 10-30 s; the stuck fork is blamed once it is a
        // sixteenth of the timeout old (7.5 s) and a second dump agrees, then the other probe runs again.
        Duration timeout = Duration.ofSeconds(120);
        long start = System.nanoTime();
        Map<String, ProbeVerdict> verdicts = run(CORRECT.replace(CORRECT_OFFER, BLOCKING_OFFER),
                List.of(OFFER_OFFER, POLL_POLL), timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        ProbeVerdict offer = verdicts.get(OFFER_OFFER);
        assertThat(offer.outcome()).as(offer.toString()).isEqualTo(ProbeVerdict.Outcome.FAILED);
        assertThat(offer.summary())
                .startsWith(Verdicts.DID_NOT_FINISH)
                .contains("actor offer", "in BoundedBuffer.offer(BoundedBuffer.java:");
        assertThat(verdicts.get(POLL_POLL).outcome()).as(verdicts.get(POLL_POLL).toString())
                .isEqualTo(ProbeVerdict.Outcome.PASSED);
        // Waiting for the timeout alone would take 120 s before the other probe's second run.
        assertThat(took).isLessThan(timeout);
        assertThat(leftovers()).as("processes still running with the test's directory on their command line").isEmpty();
    }

    @Test
    @DisplayName("an exception trace names the submission's method even when the JDK threw it")
    void exceptionTraceNamesTheSubmissionFrame() {
        List<String> messages = List.of(
                "Check test failed",
                "java.lang.IllegalMonitorStateException: current thread is not owner",
                "\tat java.base/java.lang.Object.notifyAll(Native Method)",
                "\tat edu.concurrency.queue.BoundedBuffer.offer(BoundedBuffer.java:28)",
                "\tat edu.concurrency.probes.queue.OfferOfferProbe.offer1(OfferOfferProbe.java:44)",
                "\tat org.openjdk.jcstress.infra.runners.VoidThread.run(VoidThread.java:40)");
        ProbeResult result = new ProbeResult(OFFER_OFFER, "CHECK_TEST_ERROR", "", 0, true, messages,
                List.of(), List.of(), List.of());

        ProbeVerdict v = Verdicts.of(result);

        assertThat(v.outcome()).isEqualTo(ProbeVerdict.Outcome.FAILED);
        assertThat(v.summary()).isEqualTo("BoundedBuffer.offer threw IllegalMonitorStateException: current thread is"
                + " not owner (BoundedBuffer.java:28) - wait/notify/notifyAll called without holding that object's monitor");
    }

    @Test
    @DisplayName("a thread dump of a stuck fork names the probe, the actor and where it waits")
    void threadDumpNamesTheStuckActor() {
        String dump = """
                "main" #1 [31012] prio=5 os_prio=0 cpu=80.01ms elapsed=19.90s tid=0x1 nid=31012 in Object.wait()  [0x2]
                   java.lang.Thread.State: WAITING (on object monitor)
                \tat java.lang.Thread.join(java.base@25.0.3/Thread.java:1963)
                \tat edu.concurrency.probes.queue.OfferOfferProbe_jcstress.jcstress_sanityCheck_API(OfferOfferProbe_jcstress.java:91)
                \tat org.openjdk.jcstress.ForkedMain.main(ForkedMain.java:79)

                "JcstressThread_APICheck_offer2" #20 [31030] daemon prio=5 os_prio=0 cpu=0.14ms elapsed=19.77s tid=0x3 nid=31030 in Object.wait()  [0x4]
                   java.lang.Thread.State: WAITING (on object monitor)
                \tat java.lang.Object.wait0(java.base@25.0.3/Native Method)
                \t- waiting on <0x00000000f0471798> (a edu.concurrency.queue.BoundedBuffer)
                \tat java.lang.Object.wait(java.base@25.0.3/Object.java:389)
                \tat edu.concurrency.queue.BoundedBuffer.offer(BoundedBuffer.java:24)
                \t- locked <0x00000000f0471798> (a edu.concurrency.queue.BoundedBuffer)
                \tat edu.concurrency.probes.queue.OfferOfferProbe.offer2(OfferOfferProbe.java:50)
                \tat edu.concurrency.probes.queue.OfferOfferProbe_jcstress$JcstressThread_APICheck_offer2.internalRun(OfferOfferProbe_jcstress.java:69)
                \tat org.openjdk.jcstress.infra.runners.VoidThread.run(VoidThread.java:40)
                """;

        HangDiagnosis d = HangDiagnosis.fromDump(ThreadDump.parse(dump), ALL, Duration.ofSeconds(25));

        assertThat(d.probe()).isEqualTo(OFFER_OFFER);
        assertThat(d.actors()).singleElement().satisfies(a -> {
            assertThat(a.headline()).isEqualTo(
                    "actor offer2 WAITING (on object monitor) in BoundedBuffer.offer(BoundedBuffer.java:24)");
            assertThat(a.stack()).last().asString().startsWith("at edu.concurrency.probes.queue.OfferOfferProbe.offer2(");
        });
    }

    @Test
    @DisplayName("two dumps with waiting actors at the same place are a hang; with a running actor among them, they are not")
    void onlyAWaitingActorIsCalledBlocked() {
        String waiting = """
                "JcstressThread_APICheck_offer2" #20 [31030] daemon prio=5 os_prio=0 cpu=0.14ms elapsed=19.77s tid=0x3 nid=31030 in Object.wait()  [0x4]
                   java.lang.Thread.State: WAITING (on object monitor)
                \tat java.lang.Object.wait(java.base@25.0.3/Object.java:389)
                \tat edu.concurrency.queue.BoundedBuffer.offer(BoundedBuffer.java:24)
                \tat edu.concurrency.probes.queue.OfferOfferProbe.offer2(OfferOfferProbe.java:50)
                \tat org.openjdk.jcstress.infra.runners.VoidThread.run(VoidThread.java:40)
                """;
        String running = """
                "JcstressThread_APICheck_offer2" #20 [31030] daemon prio=5 os_prio=0 cpu=9140.14ms elapsed=19.77s tid=0x3 nid=31030 runnable  [0x4]
                   java.lang.Thread.State: RUNNABLE
                \tat java.lang.Thread.getAllStackTraces(java.base@25.0.3/Thread.java:2522)
                \tat edu.concurrency.queue.BoundedBuffer.offer(BoundedBuffer.java:31)
                \tat edu.concurrency.probes.queue.OfferOfferProbe.offer2(OfferOfferProbe.java:50)
                \tat org.openjdk.jcstress.infra.runners.VoidThread.run(VoidThread.java:40)
                """;
        // the slow but correct submission as dumped on a loaded machine: the actor holding the
        // monitor runs (snapshots every thread), its partner is BLOCKED entering the monitor
        String partnerBlocked = running + """

                "JcstressThread_APICheck_offer1" #19 [31029] daemon prio=5 os_prio=0 cpu=12.01ms elapsed=19.77s tid=0x2 nid=31029 waiting for monitor entry  [0x5]
                   java.lang.Thread.State: BLOCKED (on object monitor)
                \tat edu.concurrency.queue.BoundedBuffer.offer(BoundedBuffer.java:29)
                \t- waiting to lock <0x00000000aaaa0000> (a edu.concurrency.queue.BoundedBuffer)
                \tat edu.concurrency.probes.queue.OfferOfferProbe.offer1(OfferOfferProbe.java:45)
                \tat org.openjdk.jcstress.infra.runners.VoidThread.run(VoidThread.java:40)
                """;
        HangDiagnosis blocked = HangDiagnosis.fromDump(ThreadDump.parse(waiting), ALL, Duration.ofSeconds(15));
        HangDiagnosis slow = HangDiagnosis.fromDump(ThreadDump.parse(running), ALL, Duration.ofSeconds(15));
        HangDiagnosis mixed = HangDiagnosis.fromDump(ThreadDump.parse(partnerBlocked), ALL, Duration.ofSeconds(15));

        assertThat(blocked.samePlace(HangDiagnosis.fromDump(ThreadDump.parse(waiting), ALL, Duration.ofSeconds(16))))
                .as("a waiting actor twice at the same place").isTrue();
        assertThat(slow.probe()).isEqualTo(OFFER_OFFER);
        assertThat(slow.anyRunning()).isTrue();
        assertThat(blocked.anyRunning()).isFalse();
        assertThat(slow.samePlace(HangDiagnosis.fromDump(ThreadDump.parse(running), ALL, Duration.ofSeconds(16))))
                .as("a running actor twice at the same place (slow, or spinning: left to the timeout)").isFalse();
        assertThat(mixed.actors()).as("both actors found").hasSize(2);
        assertThat(mixed.anyRunning()).isTrue();
        assertThat(mixed.samePlace(HangDiagnosis.fromDump(ThreadDump.parse(partnerBlocked), ALL, Duration.ofSeconds(16))))
                .as("a running actor that holds the monitor and one blocked on it: maybe slow, left to the timeout")
                .isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, ProbeVerdict> run(String source, List<String> probes, Duration timeout) throws Exception {
        assumeTrue(Files.isRegularFile(PROBES), "no probes jar at " + PROBES + " (build jcstress-tests first)");
        Path classes = compile(source);
        return new JcstressRunner(JAVA, PROBES, timeout, null, vmState).run(List.of(classes), probes, temp.resolve("work"));
    }

    private Path compile(String source) throws IOException {
        Path src = temp.resolve("src/edu/concurrency/queue/BoundedBuffer.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "--release", "17", "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }

    /** Processes whose command line mentions this test's directory (jcstress and its forks do). */
    private List<String> leftovers() throws InterruptedException {
        String marker = temp.toAbsolutePath().toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> alive;
        do {
            alive = ProcessHandle.allProcesses()
                    .filter(h -> h.info().commandLine().orElse("").contains(marker))
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                    .toList();
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(200); // waiting for the kernel to reap killed processes, not for synchronisation
        } while (System.nanoTime() < deadline);
        return alive;
    }
}
