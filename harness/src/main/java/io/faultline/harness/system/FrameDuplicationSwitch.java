package io.faultline.harness.system;

import java.util.List;
import java.util.function.Supplier;

/**
 * Link duplication over a cluster's nodes, through their {@link InProcessFaults}, remembered so
 * that a heal turns it off when it is (or may be: set before the calls, so a half-done start
 * is undone too) on. The fault actuators of Docker and SSH hosts share it.
 */
public final class FrameDuplicationSwitch {
    private final Supplier<InProcessFaults> faults;
    private final Supplier<List<Integer>> nodes;
    private volatile boolean on;

    /** @param faults the session's in-process faults (throws when the system has none: the run refused it before) */
    public FrameDuplicationSwitch(Supplier<InProcessFaults> faults, Supplier<List<Integer>> nodes) {
        this.faults = faults;
        this.nodes = nodes;
    }

    /** Every node duplicates with {@code probability} (0: off); returns what each node said. */
    public String set(double probability, long seed) {
        if (probability > 0) on = true;
        String said = faults.get().duplicateFramesOnEach(nodes.get(), probability, seed);
        if (probability == 0) on = false;
        return said;
    }

    /** Off, if it may be on. */
    public void heal() {
        if (on) set(0, 0);
    }
}
