package io.faultline.harness.client;

import java.util.Locale;

/**
 * How the workers find the node that serves them (Jepsen's clients vs. smart clients).
 * A <em>bound</em> worker talks to one node only, as every Jepsen client does: a
 * "not leader" there is a definite {@code fail}, and it keeps asking the same node
 * after a timeout, so some clients stay with a cut-off ex-leader or a lagging
 * follower — where stale reads and early acknowledgements show. The other workers
 * follow leader redirects, which keeps the cluster busy with real writes.
 *
 * @param boundPercent share of the workers bound to one node, 0 to 100
 */
public record ClientBinding(int boundPercent) {
    /** No worker bound: every worker follows redirects (the harness's behaviour before bound clients). */
    public static final ClientBinding FOLLOW = new ClientBinding(0);

    public ClientBinding {
        if (boundPercent < 0 || boundPercent > 100) {
            throw new IllegalArgumentException("--bound-clients must be between 0% and 100%, not " + boundPercent + "%");
        }
    }

    /**
     * Parses {@code 50%}, {@code 50} (a percentage), {@code none} (0 %) or {@code all} (100 %).
     */
    public static ClientBinding parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) return FOLLOW;
        if (t.equals("all")) return new ClientBinding(100);
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1).trim();
        try {
            return new ClientBinding(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--bound-clients: '" + text
                    + "' is not a share of the workers (e.g. 50%, none, all)");
        }
    }

    /**
     * Whether worker {@code w} of {@code concurrency} is bound. The bound ones are spread
     * evenly over the worker numbers, and workers are spread over the nodes by number,
     * so every node gets bound workers once there are as many as nodes.
     */
    public boolean bound(int w, int concurrency) {
        // Worker w is bound when the count of bound workers among 0..w grows at w.
        return (long) (w + 1) * boundPercent / 100 > (long) w * boundPercent / 100;
    }

    /** Workers bound out of {@code concurrency}. */
    public int boundOf(int concurrency) {
        return (int) ((long) concurrency * boundPercent / 100);
    }

    @Override
    public String toString() {
        return boundPercent + "%";
    }
}
