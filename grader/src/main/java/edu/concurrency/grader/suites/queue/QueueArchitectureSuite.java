package edu.concurrency.grader.suites.queue;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessTargetWhere;
import static com.tngtech.archunit.lang.conditions.ArchConditions.callMethodWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import edu.concurrency.grader.suites.support.Architecture;
import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.GuardedStateScan;
import edu.concurrency.grader.suites.support.GuardedStateScan.UnguardedRead;
import edu.concurrency.grader.suites.support.LostUpdateScan;
import edu.concurrency.grader.suites.support.LostUpdateScan.LostUpdate;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criteria {@code queue.arch.primitives}, {@code queue.arch.no-sleep},
 * {@code queue.arch.uses-buffer}, {@code queue.arch.guarded-reads} and
 * {@code queue.arch.atomic-updates}: how the submission is built, checked on its compiled classes
 * with ArchUnit, and for the last two with {@link GuardedStateScan} and {@link LostUpdateScan}
 * (where each field access stands relative to the locks held).
 *
 * <p>"The buffer classes" are all classes of {@code edu.concurrency.queue} except
 * {@code ProducerConsumer} and its nested classes: {@code BoundedBuffer} and any helper the student
 * added. The rules pass for an empty import (a missing class is judged by the correctness
 * criteria; the rubric lets these criteria count only when those pass). Calls inside lambdas count
 * as calls of the enclosing method (ArchUnit 1.4), method references count as calls.
 */
@DisplayName("Queue exercise: how the buffer and the producer/consumer are built")
public class QueueArchitectureSuite {

    private static final String PKG = "edu.concurrency.queue";
    private static final String PRODUCER_CONSUMER = PKG + ".ProducerConsumer";
    private static final String BOUNDED_BUFFER = PKG + ".BoundedBuffer";

    /** Every class of the package except ProducerConsumer and its nested classes. */
    private static final DescribedPredicate<JavaClass> BUFFER_CLASSES =
            DescribedPredicate.describe("belong to the buffer (every class of " + PKG + " except ProducerConsumer)",
                    c -> !isProducerConsumer(c));

    /** ProducerConsumer and its nested classes. */
    private static final DescribedPredicate<JavaClass> PRODUCER_CONSUMER_CLASSES =
            DescribedPredicate.describe("belong to ProducerConsumer", QueueArchitectureSuite::isProducerConsumer);

    /** java.util.concurrent except the locks package and TimeUnit. */
    private static final DescribedPredicate<JavaClass> CONCURRENT_UTILITIES =
            resideInAPackage("java.util.concurrent..")
                    .and(DescribedPredicate.not(resideInAPackage("java.util.concurrent.locks..")))
                    .and(DescribedPredicate.not(type(TimeUnit.class)))
                    .as("are java.util.concurrent classes other than TimeUnit and java.util.concurrent.locks");

    /** Methods that sleep or spin instead of waiting to be woken. */
    private static final Map<String, Set<String>> SLEEP_OR_SPIN = Map.of(
            Thread.class.getName(), Set.of("sleep", "yield", "onSpinWait"),
            TimeUnit.class.getName(), Set.of("sleep"),
            LockSupport.class.getName(), Set.of("parkNanos", "parkUntil"));

    private static final DescribedPredicate<JavaAccess<?>> SLEEPS_OR_SPINS = DescribedPredicate.describe(
            "Thread.sleep, Thread.yield, Thread.onSpinWait, TimeUnit.sleep, LockSupport.parkNanos or LockSupport.parkUntil",
            access -> SLEEP_OR_SPIN.getOrDefault(access.getTargetOwner().getName(), Set.of()).contains(access.getName()));

    /** Queue, Deque, BlockingQueue, ... and their implementations, except LinkedList used as a List. */
    private static final DescribedPredicate<JavaClass> QUEUES =
            DescribedPredicate.describe("are queues or deques (java.util.Queue and its subtypes; LinkedList only as a List)",
                    c -> Architecture.isAssignableTo(c, Queue.class) && !c.isEquivalentTo(LinkedList.class));

    /** The methods LinkedList has as a Queue or Deque (not as a List). */
    private static final Set<String> DEQUE_METHODS = Set.of("offer", "offerFirst", "offerLast", "poll", "pollFirst",
            "pollLast", "peek", "peekFirst", "peekLast", "push", "pop", "element", "addFirst", "addLast",
            "removeFirst", "removeLast", "removeFirstOccurrence", "removeLastOccurrence", "descendingIterator");

    private static final DescribedPredicate<JavaMethodCall> LINKED_LIST_AS_QUEUE = DescribedPredicate.describe(
            "a Queue/Deque method of LinkedList",
            call -> call.getTargetOwner().isEquivalentTo(LinkedList.class) && DEQUE_METHODS.contains(call.getName()));

    private static boolean isProducerConsumer(JavaClass c) {
        return c.getName().equals(PRODUCER_CONSUMER) || c.getName().startsWith(PRODUCER_CONSUMER + "$");
    }

    private static JavaClasses submission() {
        return Architecture.importSubmission(PKG);
    }

    @Test
    @DisplayName("the buffer is built on synchronized/wait/notifyAll or java.util.concurrent.locks, not on other java.util.concurrent classes")
    void bufferUsesOnlyMonitorsOrLocks() {
        ArchRule rule = noClasses().that(BUFFER_CLASSES).should().dependOnClassesThat(CONCURRENT_UTILITIES)
                .because("the exercise is to build the blocking queue yourself").allowEmptyShould(true);
        Architecture.check(rule, submission(), "Forbidden building blocks: the buffer must be built only on"
                + " synchronized/wait/notifyAll or java.util.concurrent.locks (and TimeUnit), but it uses other"
                + " java.util.concurrent classes (collections, synchronizers or atomics):");
    }

    @Test
    @DisplayName("the buffer never sleeps or spins: no Thread.sleep, Thread.yield, Thread.onSpinWait, LockSupport.parkNanos")
    void bufferNeverSleepsOrSpins() {
        ArchRule rule = noClasses().that(BUFFER_CLASSES).should(accessTargetWhere(SLEEPS_OR_SPINS))
                .because("a waiting thread must wait until it is woken, not poll on a timer or spin")
                .allowEmptyShould(true);
        Architecture.check(rule, submission(), "Sleep-polling or spinning: a thread in the buffer must wait with"
                + " wait() or Condition.await() until it is woken, but the buffer calls a method that sleeps or spins:");
    }

    @Test
    @DisplayName("ProducerConsumer creates a BoundedBuffer and uses no JDK queue")
    void producerConsumerUsesBoundedBuffer() {
        JavaClasses classes = submission();
        ArchRule noQueues = noClasses().that(PRODUCER_CONSUMER_CLASSES).should().dependOnClassesThat(QUEUES)
                .allowEmptyShould(true);
        ArchRule noLinkedListQueue = noClasses().that(PRODUCER_CONSUMER_CLASSES).should(callMethodWhere(LINKED_LIST_AS_QUEUE))
                .allowEmptyShould(true);
        String headline = "Not using BoundedBuffer: ProducerConsumer must hand the elements over through your"
                + " BoundedBuffer, but it uses a JDK queue or deque:";
        Architecture.check(noQueues, classes, headline);
        Architecture.check(noLinkedListQueue, classes, headline);
        boolean exists = classes.stream().anyMatch(c -> c.getName().equals(PRODUCER_CONSUMER));
        boolean createsBuffer = classes.stream().filter(QueueArchitectureSuite::isProducerConsumer)
                .flatMap(c -> Stream.concat(c.getConstructorCallsFromSelf().stream(),
                        c.getConstructorReferencesFromSelf().stream()))
                .anyMatch(access -> access.getTargetOwner().getName().equals(BOUNDED_BUFFER));
        if (exists && !createsBuffer) {
            fail("Not using BoundedBuffer: ProducerConsumer must hand the elements over through your BoundedBuffer,"
                    + " but it never creates one (new BoundedBuffer<>(capacity))");
        }
    }

    @Test
    @DisplayName("every field written under a lock is read under a lock too, unless it is volatile or final")
    void guardedStateIsReadUnderALock() {
        List<UnguardedRead> found = GuardedStateScan.scan(
                GradingEnvironment.current().requireSubmissionClasses(), PKG);
        if (!found.isEmpty()) {
            fail("Unsynchronized read of guarded state (visibility, a data race): expected every read of a field"
                    + " that is written while holding a lock to hold a lock too (or the field to be volatile), but "
                    + describe(found.get(0)) + (found.size() == 1 ? "" : " (and " + (found.size() - 1) + " more)")
                    + System.lineSeparator() + found.stream().map(r -> "  - " + describe(r))
                    .collect(Collectors.joining(System.lineSeparator()))
                    + System.lineSeparator() + "Without the lock there is no happens-before edge from the writing"
                    + " thread to the reading one: the read may return a stale value, or one no consistent state ever"
                    + " had, and once the JIT keeps it in a register, a thread that polls it in a loop (say, waiting"
                    + " for size() to change) can spin for ever. Read it inside the same synchronized (or"
                    + " lock()/unlock()) as the writes; a volatile field is fine when one read is all the method needs");
        }
    }

    @Test
    @DisplayName("no field that several threads update is updated without a lock (count++ on a shared field, even a volatile one)")
    void sharedFieldsAreUpdatedAtomically() {
        List<LostUpdate> found = LostUpdateScan.scan(
                GradingEnvironment.current().requireSubmissionClasses(), PKG, Set.of(BOUNDED_BUFFER));
        if (!found.isEmpty()) {
            fail("Lost update: expected every read-modify-write of a field that several threads update to be atomic,"
                    + " but " + describe(found.get(0))
                    + (found.size() == 1 ? "" : " (and " + (found.size() - 1) + " more)")
                    + System.lineSeparator() + found.stream().map(u -> "  - " + describe(u))
                    .collect(Collectors.joining(System.lineSeparator()))
                    + System.lineSeparator() + "An update such as count++ is three steps: read, add, write. Two"
                    + " threads that read the same value both write it plus one, and one increment is lost; how"
                    + " often depends on the timing, so a test run may not show it. volatile makes each read and"
                    + " each write visible, not the read-modify-write atomic. Use an AtomicLong or LongAdder, do the"
                    + " update under the lock that guards the field, or keep a count per thread and add the counts"
                    + " up under a lock");
        }
    }

    /**
     * {@code ProducerConsumer.consume() does handled++ on a shared field without a lock (at
     * ProducerConsumer.java:170); ...}.
     */
    private static String describe(LostUpdate update) {
        String method = update.method().startsWith("lambda$")
                ? "a lambda in " + update.method().split("\\$")[1] + "()" : update.method() + "()";
        return update.className() + "." + method + " does " + update.update() + " on a shared field without a lock"
                + " (at " + update.location() + ")" + (update.isVolatile()
                ? "; " + update.field() + " is volatile, which makes each read and write visible, not the"
                        + " read-modify-write atomic"
                : "; another thread can write " + update.field() + " between this read and this write");
    }

    /** {@code BoundedBuffer.size() reads count without a lock (at BoundedBuffer.java:123); ...}. */
    private static String describe(UnguardedRead read) {
        String method = read.method().startsWith("lambda$")
                ? "a lambda in " + read.method().split("\\$")[1] + "()" : read.method() + "()";
        String field = read.field().substring(read.field().lastIndexOf('.') + 1);
        return read.className() + "." + method + " reads " + field + " without a lock (at " + read.location()
                + "); " + field + " is written under a lock in " + read.writer() + " and is neither volatile nor final";
    }
}
