package io.faultline.harness.nemesis;

import java.util.function.Consumer;

/**
 * A fault that plays a schedule of steps (bounded waits on the run's clock, the node's crash
 * points, partitions) from the leader it starts with, and ends by undoing whatever its steps
 * left: armed points disarmed, the network healed, every node up.
 */
interface ScriptedFault extends Fault {
    /** Plays the steps; every node may be down or cut off on return. */
    Struck play(ScriptSteps steps, int leader) throws InterruptedException;

    @Override
    default Readiness readiness() {
        return Readiness.ALL_UP;
    }

    @Override
    default Struck start(FaultTarget target, int leader, Consumer<String> log) throws InterruptedException {
        return ScriptSteps.struck(target, play(new ScriptSteps(target, log, kind()), leader));
    }

    @Override
    default Struck stop(FaultTarget target, Struck started, Consumer<String> log) {
        return ScriptSteps.end(target, log, kind(), started);
    }
}
