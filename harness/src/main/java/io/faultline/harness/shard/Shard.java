package io.faultline.harness.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of {@code count} machines' share of a list of seeds: the seeds at positions
 * {@code index}, {@code index + count}, … (round robin, so every shard gets every part of
 * the range and the shards' union is exactly the whole list). Indexes count from 0, as
 * Kubernetes' {@code JOB_COMPLETION_INDEX} does.
 */
public record Shard(int index, int count) {
    /** The variable a Kubernetes Indexed Job sets in each pod. */
    public static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

    public Shard {
        if (count < 1) throw new IllegalArgumentException("the shard count must be at least 1 (got " + count + ")");
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index " + index + " is not one of 0.." + (count - 1)
                    + " (indexes count from 0, as " + INDEX_VARIABLE + " does)");
        }
    }

    /** The seeds of this shard, in their order in {@code all}; refused when some shard would have none. */
    public List<Long> pick(List<Long> all) {
        if (count > all.size()) {
            throw new IllegalArgumentException(count + " shards for " + all.size() + " seed" + (all.size() == 1 ? "" : "s")
                    + ": some shards would have none; use at most " + all.size());
        }
        List<Long> mine = new ArrayList<>();
        for (int p = index; p < all.size(); p += count) mine.add(all.get(p));
        return mine;
    }

    /** Whether the seed at {@code position} of the whole list is this shard's. */
    public boolean holds(int position) {
        return position % count == index;
    }

    /** "2/4". */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /**
     * The shard a command runs as, from {@code --shard I/N} and {@code --shard-count N}: with
     * only a count, the index is {@code JOB_COMPLETION_INDEX}; given both ways, they must agree.
     * Empty when neither option is given (the environment alone does not shard a run).
     */
    public static Optional<Shard> resolve(String shardOption, Integer countOption, Map<String, String> env) {
        if (shardOption == null && countOption == null) return Optional.empty();
        String fromEnv = env.get(INDEX_VARIABLE);
        Integer envIndex = null;
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                envIndex = Integer.parseInt(fromEnv.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(INDEX_VARIABLE + "=" + fromEnv + " is not a shard index (a number from 0)");
            }
        }
        if (shardOption == null) {
            if (countOption < 1) throw new IllegalArgumentException("--shard-count must be at least 1 (got " + countOption + ")");
            if (envIndex == null) {
                throw new IllegalArgumentException("--shard-count " + countOption + " takes the index from " + INDEX_VARIABLE
                        + " (set by a Kubernetes Indexed Job), which is not set; give --shard I/" + countOption + " instead");
            }
            return Optional.of(checked(envIndex, countOption, INDEX_VARIABLE + "=" + envIndex + " with --shard-count " + countOption));
        }
        Shard s = parse(shardOption);
        if (countOption != null && countOption != s.count) {
            throw new IllegalArgumentException("--shard " + shardOption + " and --shard-count " + countOption
                    + " disagree about the number of shards");
        }
        if (envIndex != null && envIndex != s.index) {
            throw new IllegalArgumentException("--shard " + shardOption + " says index " + s.index + " but "
                    + INDEX_VARIABLE + " is " + envIndex + "; give one of them");
        }
        return Optional.of(s);
    }

    /** {@code I/N}, e.g. {@code 0/4}. */
    public static Shard parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("--shard " + text + ": expected I/N, e.g. 0/4 (the first of four)");
        int index;
        int count;
        try {
            index = Integer.parseInt(t.substring(0, slash).trim());
            count = Integer.parseInt(t.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard " + text + ": expected I/N with two numbers, e.g. 0/4");
        }
        return checked(index, count, "--shard " + text);
    }

    private static Shard checked(int index, int count, String what) {
        try {
            return new Shard(index, count);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }
}
