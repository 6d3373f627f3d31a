package io.faultline.harness.run;

import io.faultline.harness.nemesis.RunClock;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemSession;
import io.faultline.harness.system.SystemUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An environment of real processes (containers here, or hosts over SSH): the wall clock, a
 * thread per client and one for the nemesis, clients from the system's session, and the node
 * logs in the run directory. The subclasses start, fault and remove the processes.
 */
abstract class WallClockEnvironment implements Environment {
    protected final Path nodesDir;
    protected final Duration opTimeout;

    protected WallClockEnvironment(Path nodesDir, Duration opTimeout) {
        this.nodesDir = nodesDir;
        this.opTimeout = opTimeout;
    }

    /** The connection to the started system. */
    protected abstract SystemSession session();

    @Override
    public RunClock clock() {
        return RunClock.WALL;
    }

    @Override
    public void drive(List<RunLoop.Client> clients, RunLoop.Faults nemesis, WorkloadEnd end)
            throws InterruptedException {
        SystemSession session = session();
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (RunLoop.Client c : clients) {
            SystemClient client = c.bound() ? session.boundClient(opTimeout, c.node()) : session.client(opTimeout, c.node());
            threads.add(daemon("faultline-worker-" + c.index(),
                    new Worker(c.steps(), client, c.pacer(), () -> stopped.get() || end.over(System.nanoTime()))));
        }
        Thread nemesisThread = daemon("faultline-nemesis", nemesis::play);
        threads.forEach(Thread::start);
        nemesisThread.start();
        boolean limitSeen = false;
        try {
            while (!end.over(System.nanoTime())) {
                long now = System.nanoTime();
                if (!limitSeen && end.limitReached(now)) {
                    nemesis.timeLimitReached();
                    limitSeen = true;
                }
                long untilLimit = (end.limitNanos() - now) / 1_000_000;
                Thread.sleep(untilLimit > 0 ? Math.min(1000, untilLimit) : 200);
                nemesis.progress();
            }
        } finally {
            stopped.set(true);
            nemesis.stop();
            long joinBy = System.nanoTime() + opTimeout.toNanos() * 2 + TimeUnit.SECONDS.toNanos(2);
            for (Thread t : threads) t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            nemesisThread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Override
    public SystemClient client(int node) {
        return session().client(opTimeout, node);
    }

    @Override
    public List<String> safetyLines(SystemUnderTest system) {
        return SafetyLines.scan(nodesDir, system);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
