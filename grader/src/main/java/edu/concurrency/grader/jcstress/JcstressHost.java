package edu.concurrency.grader.jcstress;

import edu.concurrency.grader.process.ParentWatch;

/**
 * The main class of the jcstress host JVM (and of the {@link JvmProbe}'s): the probes jar's
 * {@code edu.concurrency.probes.JcstressLauncher} (jcstress's own run, the JVM probed once
 * per grading), behind a {@link ParentWatch} that ends this JVM and the probe VMs it forked as soon
 * as the grader is gone (a grader killed with SIGKILL runs no shutdown hook to kill them). {@link JcstressRunner} puts
 * this class and {@code ParentWatch} alone, extracted from the grader, before the probes jar on the
 * class path.
 */
public final class JcstressHost {
    /** Exit code when the grader that started this JVM is gone. */
    public static final int HALT_ORPHANED = 94;

    private JcstressHost() {
    }

    /**
     * Runs the launcher with {@code args} (see {@code JcstressLauncher}).
     *
     * @throws Exception whatever jcstress throws
     */
    public static void main(String[] args) throws Exception {
        ParentWatch.start(() -> ParentWatch.killDescendantsAndHalt(HALT_ORPHANED));
        edu.concurrency.probes.JcstressLauncher.main(args);
    }
}
