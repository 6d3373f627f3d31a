package io.faultline.kv.transport;

import java.util.SplittableRandom;

/**
 * The link-dup fault inside the peer transport: each frame received from a peer has its
 * Raft messages delivered a second time with a seeded probability. A byte proxy on the link
 * cannot do this (a copied chunk breaks gRPC's framing), so the node does it where whole
 * messages are at hand. Off (probability 0) unless the Admin API sets it.
 */
public final class FrameDuplication {
    /** What a setting did while it was in effect. */
    public record Tally(double probability, long frames, long duplicated) {}

    private volatile double probability;
    private SplittableRandom random = new SplittableRandom(0);
    private long frames;
    private long duplicated;

    /**
     * Duplicates with {@code probability} from now on (0 turns it off), drawing from {@code seed};
     * returns what the setting it replaces did.
     */
    synchronized Tally set(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("duplication probability must be between 0 and 1: " + probability);
        }
        Tally before = new Tally(this.probability, frames, duplicated);
        this.probability = probability;
        this.random = new SplittableRandom(seed);
        frames = 0;
        duplicated = 0;
        return before;
    }

    double probability() {
        return probability;
    }

    /** Whether the frame received now is delivered twice; draws only while on, so the seed's draws are the fault's alone. */
    boolean again() {
        if (probability == 0) return false;
        synchronized (this) {
            if (probability == 0) return false;
            frames++;
            boolean twice = random.nextDouble() < probability;
            if (twice) duplicated++;
            return twice;
        }
    }
}
