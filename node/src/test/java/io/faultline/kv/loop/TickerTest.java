package io.faultline.kv.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.sim.SimScheduler;
import org.junit.jupiter.api.Test;

/**
 * The node's ticker and clock under a clock rate (the clock-skew fault), driven in virtual
 * time by the simulator's scheduler: exact counts, whatever the machine's load.
 */
class TickerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long TICK = 100_000_000L;

    private final SimScheduler scheduler = new SimScheduler(1);
    private final ScaledClock clock = new ScaledClock(scheduler::now);
    private int ticks;
    private final Ticker ticker = new Ticker(clock, TICK, scheduler::after, () -> ticks++);

    @Test
    void ticksAsOftenAsTheRateSaysInTheUnderlyingTime() {
        ticker.start();
        scheduler.runUntil(10 * SECOND);
        assertEquals(100, ticks, "1x: a tick every 100 ms");

        // The wait under way at a change ends at the old rate; the ticks after it at the new one.
        clock.rate(4);
        int before = ticks;
        scheduler.runUntil(20 * SECOND);
        assertEquals(1 + 396, ticks - before, "4x: the tick at 10.1 s, then one every 25 ms to 20 s");

        clock.rate(0.25);
        before = ticks;
        scheduler.runUntil(30 * SECOND);
        assertEquals(1 + 24, ticks - before, "0.25x: the tick at 20.025 s, then one every 400 ms to 30 s");

        clock.rate(1);
        before = ticks;
        scheduler.runUntil(40 * SECOND);
        assertEquals(100, ticks - before, "back at 1x: the tick at 30.025 s, then one every 100 ms");
    }

    @Test
    void theClockRunsAtTheRateAndNeverGoesBackWhenItChanges() {
        long start = clock.nanos();
        scheduler.runUntil(SECOND);
        assertEquals(SECOND, clock.nanos() - start);
        clock.rate(3);
        scheduler.runUntil(2 * SECOND);
        assertEquals(4 * SECOND, clock.nanos() - start, "1 s at 1x, then 1 s at 3x");
        long fast = clock.nanos();
        clock.rate(0.5);
        assertEquals(fast, clock.nanos(), "a slower rate does not set the clock back");
        scheduler.runUntil(4 * SECOND);
        assertEquals(5 * SECOND, clock.nanos() - start, "then 2 s at 0.5x");
        assertEquals(2 * TICK, clock.underlyingNanos(TICK), "a tick of a half-speed clock takes twice as long");
    }

    @Test
    void aStoppedTickerTicksNoMoreAndAnAbsurdRateIsRefused() {
        ticker.start();
        scheduler.runUntil(SECOND);
        ticker.stop();
        int at = ticks;
        scheduler.runUntil(5 * SECOND);
        assertEquals(at, ticks);
        assertThrows(IllegalArgumentException.class, () -> clock.rate(0));
        assertThrows(IllegalArgumentException.class, () -> clock.rate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> clock.rate(1000));
        assertEquals(1, clock.rate(), "a refused rate changes nothing");
    }
}
