package io.faultline.harness.system;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A membership change through a system's API: each member is asked in turn until one (the
 * leader; a follower refuses) carries it out, again every 200 ms for up to a timeout. An answer
 * that was lost may have taken effect, so before asking again the members are listed and
 * {@code done} decides whether it did. Every member is asked at least once, however short the timeout.
 */
public final class MembershipCalls {
    /** The change asked of one member; returns the members after it, as the system lists them ({@code M}). */
    @FunctionalInterface
    public interface Ask<M> {
        List<M> of(int node) throws Exception;
    }

    private MembershipCalls() {}

    /**
     * @param what     the change, for the error ("remove n3")
     * @param nodes    the members to ask, in order
     * @param list     the members now, from whichever answers; empty when none does
     * @param describe an error of one ask, for the message when every ask failed
     */
    public static <M> List<M> untilDone(String what, Collection<Integer> nodes, Ask<M> ask,
            Supplier<Optional<List<M>>> list, Predicate<List<M>> done, Duration timeout,
            Function<Exception, String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no member to ask";
        boolean asked = false;
        while (true) {
            if (asked) {
                Optional<List<M>> now = list.get();
                if (now.isPresent() && done.test(now.get())) return now.get();
            }
            asked = true;
            for (int node : nodes) {
                try {
                    return ask.of(node);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(what + ": interrupted");
                } catch (Exception e) {
                    last = "n" + node + ": " + describe.apply(e);
                }
            }
            if (System.nanoTime() >= deadline) break;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(what + " failed: " + last);
    }
}
