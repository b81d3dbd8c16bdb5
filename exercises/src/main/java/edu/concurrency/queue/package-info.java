/**
 * Lesson 1: threads and a message queue.
 *
 * <h2>What this lesson is about</h2>
 * <p>Threads of one program share their memory. That makes them cheap to start and cheap to talk
 * to, and it is also the source of every bug in this lesson: two threads that read and write the
 * same fields without coordination see each other's half-finished work (a <em>race
 * condition</em>), and a thread that waits for a change nobody announces waits forever (a
 * <em>lost wakeup</em>). The safest way for threads to cooperate is to share nothing but a
 * <em>message queue</em>: producers put work in, consumers take it out, and the queue does all
 * the synchronisation. In this lesson you build such a queue yourself, from {@code synchronized},
 * {@code wait} and {@code notifyAll}, and then use it to run a small producer/consumer system
 * that starts, stops and fails cleanly.
 *
 * <h2>What you write</h2>
 * <ol>
 *   <li>{@link edu.concurrency.queue.BoundedBuffer}: a blocking FIFO buffer with a fixed
 *       capacity, with blocking ({@code put}, {@code take}), non-blocking ({@code offer},
 *       {@code poll}) and timed operations. Start here: everything else builds on it.</li>
 *   <li>{@link edu.concurrency.queue.ProducerConsumer}: one producer thread per source and a
 *       number of consumer threads connected by your buffer, with a clean shutdown, and
 *       propagation of failures and interrupts.</li>
 * </ol>
 * <p>The Javadoc of each class is the assignment: it states every rule that is graded and the
 * classic mistakes to avoid. The public API (class names, constructors, method signatures) is
 * fixed, because the grader calls exactly these. You may add private members, and package-private
 * helper classes in this package. Every method body is now
 * {@code throw new UnsupportedOperationException("TODO")}: the stubs score 0.
 *
 * <h2>How it is graded</h2>
 * <p>The grader compiles your classes on its own, runs them in a separate JVM, and scores a
 * list of criteria; each one earns all its points or none. The console shows a table with one
 * line of feedback per criterion, naming the hazard it saw (race condition, lost wakeup,
 * deadlock, busy waiting, swallowed interrupt, thread leak, ...), what it expected and what it
 * observed, and where ({@code BoundedBuffer.java:42}). There are four kinds of criteria:
 * <ul>
 *   <li><b>correctness</b>: JUnit tests of the contract. FIFO order, capacity, arguments; put and
 *       take blocking and resuming; timed operations that wait the right time in total; interrupts
 *       (the exception, the interrupt status, an unchanged buffer); no busy waiting (a blocked
 *       thread must be {@code WAITING} and use no CPU); a stress test with many more threads than
 *       slots (capacity 1 and 2, many rounds: this is what catches {@code notify} instead of
 *       {@code notifyAll}, and {@code if} instead of {@code while}); and for ProducerConsumer:
 *       exactly-once delivery, concurrent handlers, lazy sources, no thread left behind,
 *       failures and interrupts propagated. A test that hangs fails after a deadline, and its
 *       feedback shows where every thread was waiting.</li>
 *   <li><b>race</b>: jcstress probes run {@code offer}, {@code poll} and {@code size} from
 *       several threads at once, millions of times, and look for results that only a race can
 *       produce (two offers into a capacity-1 buffer that both succeed, one element polled
 *       twice, ...). One observed race fails the criterion.</li>
 *   <li><b>architecture</b>: ArchUnit reads your compiled classes. BoundedBuffer may use only
 *       monitors or {@code java.util.concurrent.locks} (and {@code TimeUnit}), never sleeps or
 *       spins, and ProducerConsumer must hand the elements over through BoundedBuffer, not through
 *       a JDK queue. These criteria count only once the matching behaviour works: an empty stub
 *       earns nothing for "using no forbidden class".</li>
 *   <li><b>performance</b>: put/take throughput compared with {@code ArrayBlockingQueue} in the
 *       same run (a generous ratio: a correct monitor-based buffer passes easily), and the
 *       speed-up of ProducerConsumer with an I/O-bound handler when you add consumers. These
 *       are measured after a warm-up, best of several runs, and retried; on a machine with too
 *       few cores they are reported as skipped.</li>
 * </ul>
 * <p>The criteria, their titles and their points are listed in the grader's rubric
 * ({@code grader/src/main/resources/rubric/queue.yaml}).
 *
 * <h2>How to run the grader</h2>
 * <p>From the root of your copy of the repository:
 * <pre>
 * mvn verify
 * </pre>
 * <p>builds everything and grades your {@code exercises/} folder: the score table is printed on
 * the console, the same results are written to {@code grading-report/report.md} and
 * {@code grading-report/report.json}, and the build fails below full marks. Once the grader is
 * built ({@code mvn package} creates
 * {@code grader/target/concurrency-grader.jar}), you can also grade just this exercise, which is
 * faster while you work on it:
 * <pre>
 * java -jar grader/target/concurrency-grader.jar grade --only queue
 * </pre>
 * <p>({@code --help} lists the other options, for example {@code --report-dir DIR}.)
 * Concurrency bugs are rare events: a run without failures is not a proof, so read the feedback,
 * and think about every interleaving, not just the ones you happen to see.
 */
package edu.concurrency.queue;
