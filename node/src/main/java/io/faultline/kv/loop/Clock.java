package io.faultline.kv.loop;

/** Monotonic time for deadlines and the durability policy: the machine's in production, virtual in the simulator. */
@FunctionalInterface
public interface Clock {
    Clock SYSTEM = System::nanoTime;

    long nanos();
}
