package edu.concurrency.grader.suites.queue;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.TrackedSource;
import edu.concurrency.grader.suites.support.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;

/**
 * What the ProducerConsumer suites share: the grading environment, the threads a check starts
 * ({@link Workers}, whose thread group also holds every thread {@code run} starts), and the
 * sources a check hands to {@code run}, all closed after each check.
 */
abstract class ProducerConsumerSuite {
    /** The exercise's package, for locating the submission's frames. */
    static final String PKG = "edu.concurrency.queue";

    final GradingEnvironment env = GradingEnvironment.current();
    final Workers workers = new Workers(PKG);
    private final List<TrackedSource<?>> sources = new ArrayList<>();

    @AfterEach
    void stop() {
        sources.forEach(TrackedSource::close);
        workers.close();
    }

    /** A finite source of {@code size} elements, closed after the check. */
    <T> TrackedSource<T> finite(long size, LongFunction<T> element) {
        return track(TrackedSource.finite(size, element));
    }

    /** An endless source, closed after the check. */
    <T> TrackedSource<T> infinite(LongFunction<T> element) {
        return track(TrackedSource.infinite(element));
    }

    /** Elements pulled so far from every source of the check. */
    long pulled() {
        return sources.stream().mapToLong(TrackedSource::pulled).sum();
    }

    /** Closes {@code source} after the check. */
    <T> TrackedSource<T> track(TrackedSource<T> source) {
        sources.add(source);
        return source;
    }
}
