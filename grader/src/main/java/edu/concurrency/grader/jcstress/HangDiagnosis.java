package edu.concurrency.grader.jcstress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What was stuck when a jcstress run hit the grader's timeout.
 *
 * <p>jcstress runs each probe configuration in a forked JVM and starts the next fork only when
 * CPUs are free; a fork whose actor never returns keeps its CPUs and lives on, while healthy forks
 * end within a few seconds. So the oldest live fork, if it is older than {@link #stuckAge}, is the
 * stuck one: a healthy fork reaches that age only on a machine so overloaded that the whole
 * invocation's timeout is hardly enough. Its thread dump must then show a thread inside a probe's
 * own code (an actor, the probe's constructor or arbiter, or submission code they called); only
 * then is that probe blamed, and the dump says where its actors wait. A stuck fork whose dump shows
 * no such thread (stuck in jcstress's own code, or in a thread the submission started) blames no
 * probe.
 *
 * @param stuck    whether a fork had been alive for at least {@link #stuckAge}
 * @param stuckFor how long the oldest fork had been alive
 * @param dumped   whether a thread dump of the stuck fork was obtained (needs {@code jcmd})
 * @param probe    the probe whose code a thread of the stuck fork was in; else null
 * @param actors   the stuck fork's threads inside that probe's code, innermost frames first
 */
record HangDiagnosis(boolean stuck, Duration stuckFor, boolean dumped, String probe, List<Actor> actors) {

    /**
     * How old a fork must be to be dumped as possibly stuck: a sixteenth of the invocation's
     * timeout, at least 4 s and at most 30 s (6.6 s for the queue's three probes). A healthy fork
     * runs one probe configuration for {@code -time 200} ms after JVM start-up and sanity checks,
     * about 1-2 s in all (measured on a 2-core machine, JDK 17 and 25), several times that on a
     * loaded machine; a hung fork lives until the timeout. Age alone blames nothing: a fork this old
     * is blamed only when a second dump shows its probe's actors all waiting at the same places (see
     * {@link #samePlace}), which no actor of a correct probe ever does, so the age only has to
     * leave a young fork time to reach its actors.
     */
    static Duration stuckAge(Duration timeout) {
        Duration sixteenth = timeout.dividedBy(16);
        Duration min = Duration.ofSeconds(4);
        Duration max = Duration.ofSeconds(30);
        return sixteenth.compareTo(min) < 0 ? min : sixteenth.compareTo(max) > 0 ? max : sixteenth;
    }

    /**
     * Whether {@code other}, a later dump of the same fork, finds the same probe with the same
     * threads in the same states at the same places, none of them running: nothing moved in between.
     */
    boolean samePlace(HangDiagnosis other) {
        // Only actors that all wait can be called blocked early. One that runs may be slow (a
        // correct submission that snapshots every thread inside its monitor sat at the same line
        // for 18 s on a machine with a load of 13, its partner BLOCKED on that monitor) or spin:
        // sampled stacks cannot tell the two apart, so the invocation's timeout decides.
        return probe != null && probe.equals(other.probe) && !anyRunning()
                && actors.stream().map(Actor::headline).toList().equals(other.actors.stream().map(Actor::headline).toList());
    }

    /** Whether an actor of the probe was running (RUNNABLE) when dumped: slow or spinning, maybe not blocked. */
    boolean anyRunning() {
        return actors.stream().anyMatch(Actor::running);
    }

    /** A stuck fork that could not be dumped. */
    static HangDiagnosis undumped(Duration stuckFor) {
        return new HangDiagnosis(true, stuckFor, false, null, List.of());
    }

    /** Nothing stuck, nothing known. */
    static HangDiagnosis none(Duration oldest) {
        return new HangDiagnosis(false, oldest, false, null, List.of());
    }

    HangDiagnosis {
        actors = List.copyOf(actors);
    }

    /**
     * A thread of the stuck probe.
     *
     * @param headline e.g. "actor offer2 WAITING (on object monitor) in BoundedBuffer.offer(BoundedBuffer.java:24)"
     * @param stack    the frame and lock lines down to the probe's own frame
     */
    record Actor(String headline, List<String> stack) {
        /** Whether the thread was running (RUNNABLE) when dumped. */
        boolean running() {
            return headline.contains(" RUNNABLE ");
        }
    }

    /** Finds, among {@code probes}, the one a thread of the dumped fork is inside, and its threads. */
    static HangDiagnosis fromDump(ThreadDump dump, List<String> probes, Duration stuckFor) {
        for (String p : probes) {
            List<Actor> actors = new ArrayList<>();
            for (ThreadDump.DumpedThread t : dump.threads()) {
                if (t.inside(p)) {
                    actors.add(describe(t, p));
                }
            }
            if (!actors.isEmpty()) {
                return new HangDiagnosis(true, stuckFor, true, p, actors);
            }
        }
        return new HangDiagnosis(true, stuckFor, true, null, List.of());
    }

    private static Actor describe(ThreadDump.DumpedThread t, String probe) {
        StackFrames.Frame probeFrame = t.frames().stream().filter(f -> f.className().equals(probe)).findFirst()
                .orElseThrow();
        String role = probeFrame.method().equals("<init>") ? "the probe's set-up (constructor)"
                : "actor " + probeFrame.method();
        Optional<StackFrames.Frame> where = t.where(probe);
        String headline = role + " " + (t.state().isEmpty() ? "" : t.state() + " ")
                + "in " + where.map(StackFrames.Frame::shortForm).orElse("?");
        List<String> stack = new ArrayList<>();
        for (String line : t.lines()) {
            stack.add(line);
            Optional<StackFrames.Frame> f = StackFrames.parse(line);
            if (f.isPresent() && f.get().className().equals(probe)) {
                break;
            }
        }
        return new Actor(headline, stack);
    }
}
