package io.faultline.harness.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C for a command that runs chaos tests: the JVM would exit 130 as soon as its
 * shutdown hooks are done, while the command still cleans up and reports. This hook
 * marks the command interrupted, waits until it has {@link #close() finished} (at
 * most {@code graceSeconds}), then exits with the command's own code.
 */
final class ExitAfterInterrupt implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final Thread hook;
    private volatile int exitCode;

    ExitAfterInterrupt(PrintStream err, int interruptedCode, long graceSeconds) {
        this.exitCode = interruptedCode;
        this.hook = new Thread(() -> {
            interrupted.set(true);
            try {
                done.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(exitCode);
        }, "faultline-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether Ctrl-C (or SIGTERM) came. */
    boolean interrupted() {
        return interrupted.get();
    }

    /** The code to exit with should the JVM be shutting down. */
    void exitCode(int code) {
        exitCode = code;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook exits with exitCode
        }
    }
}
