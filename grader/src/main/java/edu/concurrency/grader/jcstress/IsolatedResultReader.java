package edu.concurrency.grader.jcstress;

import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a {@code jcstress-results-*.bin.gz} file with jcstress's own classes and grades every
 * probe in it. <b>Internal</b>: {@link JcstressRunner} loads this class in a class loader of its own
 * over the probes jar, never from the grader's class path, for two reasons:
 *
 * <ul>
 *   <li>jcstress grades a result ({@link TestResult#grading()}) against the {@code @Outcome}s it
 *       finds in {@code META-INF/TestList} through the class loader of its {@link TestList} class;
 *       that file is in the probes jar, which is not on the grader's class path.</li>
 *   <li>The file is a Java serialization stream written by a process that ran submission code.
 *       jcstress's {@code DiskReadCollector} reads it with an unfiltered {@link ObjectInputStream};
 *       this reader does the same loop but accepts only the classes jcstress writes, so a forged
 *       file cannot instantiate arbitrary classes in the grader.</li>
 * </ul>
 *
 * <p>Only JDK types cross the class-loader boundary: {@link #apply} returns a map with
 * {@code "known"} (the probe names in the jar's TestList) and {@code "results"}, one map per probe
 * with the keys {@code name, status, description, total, passed, messages, vmOut, vmErr,
 * outcomes}; each outcome is a map with {@code id, expect, count, description}.
 */
public final class IsolatedResultReader implements java.util.function.Function<Path, Map<String, Object>> {

    /** Classes a jcstress 0.16 result file contains besides jcstress's own (measured). */
    private static final Set<String> ALLOWED_JDK_CLASSES = Set.of(
            "java.lang.Object", "java.lang.Enum", "java.lang.String", "java.lang.Number",
            "java.lang.Integer", "java.lang.Long", "java.lang.Boolean",
            "java.util.ArrayList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.Map$Entry");

    private static final int MAX_LINES = 200;

    /** Public for the reflective instantiation in another class loader. */
    public IsolatedResultReader() {
    }

    @Override
    public Map<String, Object> apply(Path resultFile) {
        Map<String, Object> out = new HashMap<>();
        out.put("known", new ArrayList<>(TestList.tests()));
        InProcessCollector collector = new InProcessCollector();
        try {
            readInto(resultFile, collector);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jcstress result file " + resultFile, e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot read jcstress result file " + resultFile, e);
        }
        List<TestResult> usable = new ArrayList<>();
        for (TestResult r : collector.getTestResults()) {
            if (r.getConfig() != null) {
                usable.add(r);
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (TestResult r : ReportUtils.mergedByName(usable)) {
            results.add(describe(r));
        }
        out.put("results", results);
        return out;
    }

    private static Map<String, Object> describe(TestResult r) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", r.getName());
        m.put("status", r.status().name());
        TestInfo info = TestList.getInfo(r.getName());
        m.put("description", info == null ? "" : String.valueOf(info.description()));
        m.put("total", r.getTotalCount());
        m.put("messages", head(r.getMessages()));
        m.put("vmOut", head(r.getVmOut()));
        m.put("vmErr", head(r.getVmErr()));
        List<Map<String, Object>> outcomes = new ArrayList<>();
        boolean passed = false;
        if (info != null) {
            TestGrading grading = r.grading();
            passed = grading.isPassed;
            for (GradingResult g : grading.gradingResults.values()) {
                Map<String, Object> o = new HashMap<>();
                o.put("id", g.id);
                o.put("expect", g.expect.name());
                o.put("count", g.count);
                o.put("description", g.description == null ? "" : g.description);
                outcomes.add(o);
            }
        }
        m.put("passed", passed);
        m.put("outcomes", outcomes);
        return m;
    }

    private static List<String> head(List<String> lines) {
        List<String> copy = new ArrayList<>();
        for (String line : lines) {
            if (copy.size() == MAX_LINES) {
                copy.add("... (" + (lines.size() - MAX_LINES) + " more lines)");
                break;
            }
            copy.add(String.valueOf(line));
        }
        return copy;
    }

    /** The loop of jcstress's {@code DiskReadCollector.dump()}, with a class filter. */
    private static void readInto(Path file, InProcessCollector collector) throws IOException, ClassNotFoundException {
        try (InputStream raw = Files.newInputStream(file);
             ObjectInputStream in = new ObjectInputStream(new GZIPInputStream(new BufferedInputStream(raw)))) {
            in.setObjectInputFilter(IsolatedResultReader::check);
            while (true) {
                Object o;
                try {
                    o = in.readObject();
                } catch (EOFException end) {
                    return;
                }
                if (o instanceof TestResult result) {
                    collector.add(result);
                } else {
                    throw new IOException("unexpected object in result file: " + o.getClass().getName());
                }
            }
        }
    }

    private static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > 32 || info.references() > 50_000_000L || info.streamBytes() > 1L << 30
                || info.arrayLength() > 10_000_000L) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive() || c.getName().startsWith("org.openjdk.jcstress.")
                || ALLOWED_JDK_CLASSES.contains(c.getName())) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        return ObjectInputFilter.Status.REJECTED;
    }
}
