package io.faultline.raft;

import io.faultline.raft.pb.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * An in-memory network that drops, duplicates, delays and reorders messages, and
 * partitions nodes into groups that cannot talk to each other. All choices come
 * from the simulation's seeded generator.
 */
final class SimNetwork {

    private record InFlight(long deliverAt, long order, Message msg) {}

    private final SplittableRandom random;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            Comparator.comparingLong(InFlight::deliverAt).thenComparingLong(InFlight::order));
    /** node → group; nodes in different groups are cut off. Empty = fully connected. */
    private final Map<Long, Integer> groups = new HashMap<>();
    double dropRate;
    double dupRate;
    int maxDelay;

    SimNetwork(SplittableRandom random, double dropRate, double dupRate, int maxDelay) {
        this.random = random;
        this.dropRate = dropRate;
        this.dupRate = dupRate;
        this.maxDelay = maxDelay;
    }

    /** Returns false if the message was lost at once. */
    boolean send(Message m, long now) {
        if (!connected(m.getFrom(), m.getTo()) || random.nextDouble() < dropRate) {
            return false;
        }
        enqueue(m, now);
        if (random.nextDouble() < dupRate) {
            enqueue(m, now);
        }
        return true;
    }

    private void enqueue(Message m, long now) {
        long delay = maxDelay == 0 ? 0 : random.nextInt(maxDelay + 1);
        // a random order key reorders messages due at the same tick
        queue.add(new InFlight(now + delay, random.nextLong(), m));
    }

    /** Messages due by {@code now}, in delivery order; {@code lost} gets those a partition cut off meanwhile. */
    List<Message> due(long now, List<Message> lost) {
        List<Message> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().deliverAt() <= now) {
            Message m = queue.poll().msg();
            if (connected(m.getFrom(), m.getTo())) {
                out.add(m);
            } else {
                lost.add(m);
            }
        }
        return out;
    }

    boolean connected(long a, long b) {
        Integer ga = groups.get(a);
        Integer gb = groups.get(b);
        return ga == null || gb == null || ga.equals(gb);
    }

    /** Splits {@code ids} into two random non-empty groups. */
    void partition(List<Long> ids) {
        groups.clear();
        int minority = 1 + random.nextInt(Math.max(1, ids.size() / 2));
        List<Long> shuffled = new ArrayList<>(ids);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Long t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        for (int i = 0; i < shuffled.size(); i++) {
            groups.put(shuffled.get(i), i < minority ? 1 : 2);
        }
    }

    void heal() {
        groups.clear();
    }

    boolean partitioned() {
        return !groups.isEmpty();
    }

    String describePartition() {
        return groups.isEmpty() ? "none" : groups.toString();
    }
}
