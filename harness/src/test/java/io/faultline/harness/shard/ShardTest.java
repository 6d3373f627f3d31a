package io.faultline.harness.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void theShardsSeedsAreDisjointAndTheirUnionIsTheWholeRangeInOrder() {
        List<Long> all = LongStream.rangeClosed(101, 130).boxed().toList();
        List<Long> union = new ArrayList<>();
        for (int i = 0; i < 4; i++) union.addAll(new Shard(i, 4).pick(all));
        assertEquals(30, union.size(), "no seed twice");
        assertEquals(all, union.stream().sorted().toList(), "every seed once");
        assertEquals(List.of(102L, 106L, 110L, 114L, 118L, 122L, 126L, 130L), new Shard(1, 4).pick(all));
        assertTrue(new Shard(1, 4).holds(5) && !new Shard(1, 4).holds(6));
        assertEquals(all, new Shard(0, 1).pick(all));
    }

    @Test
    void theIndexComesFromTheOptionOrFromKubernetes() {
        assertEquals(Optional.empty(), Shard.resolve(null, null, Map.of(Shard.INDEX_VARIABLE, "3")),
                "the environment alone does not shard a run");
        assertEquals(Optional.of(new Shard(2, 4)), Shard.resolve("2/4", null, NO_ENV));
        assertEquals(Optional.of(new Shard(3, 4)), Shard.resolve(null, 4, Map.of(Shard.INDEX_VARIABLE, "3")));
        assertEquals(Optional.of(new Shard(3, 4)), Shard.resolve("3/4", 4, Map.of(Shard.INDEX_VARIABLE, "3")),
                "both ways, agreeing");
    }

    @Test
    void badShardsAreRefusedWithTheReason() {
        refused(() -> Shard.resolve("4/4", null, NO_ENV), "--shard 4/4: shard index 4 is not one of 0..3");
        refused(() -> Shard.resolve("-1/4", null, NO_ENV), "--shard -1/4: shard index -1 is not one of 0..3");
        refused(() -> Shard.resolve("0/0", null, NO_ENV), "--shard 0/0: the shard count must be at least 1");
        refused(() -> Shard.resolve("2", null, NO_ENV), "--shard 2: expected I/N");
        refused(() -> Shard.resolve("a/b", null, NO_ENV), "--shard a/b: expected I/N with two numbers");
        refused(() -> Shard.resolve(null, 0, NO_ENV), "--shard-count must be at least 1");
        refused(() -> Shard.resolve(null, 4, NO_ENV), "--shard-count 4 takes the index from JOB_COMPLETION_INDEX");
        refused(() -> Shard.resolve(null, 4, Map.of(Shard.INDEX_VARIABLE, "4")),
                "JOB_COMPLETION_INDEX=4 with --shard-count 4: shard index 4 is not one of 0..3");
        refused(() -> Shard.resolve(null, 4, Map.of(Shard.INDEX_VARIABLE, "x")), "JOB_COMPLETION_INDEX=x is not a shard index");
        refused(() -> Shard.resolve("1/4", null, Map.of(Shard.INDEX_VARIABLE, "2")),
                "--shard 1/4 says index 1 but JOB_COMPLETION_INDEX is 2");
        refused(() -> Shard.resolve("1/4", 3, NO_ENV), "--shard 1/4 and --shard-count 3 disagree");
        refused(() -> new Shard(0, 5).pick(List.of(1L, 2L, 3L)), "5 shards for 3 seeds: some shards would have none");
    }

    @Test
    void aConfigurationIsReadFromTheCommandLineThatRepeatsTheRun() {
        Map<String, String> c = Configuration.ofCommandLine("./faultline sim --seed 9 --nodes 3 --time-limit 5s "
                + "--node-flags '--unsafe-stale-reads --i-know-this-is-unsafe' --system-opt 'a=it'\\''s' "
                + "--system-opt b=2 --keep-going --rate=200", List.of("seed"));
        assertEquals(Map.of("nodes", "3", "time-limit", "5s", "node-flags", "--unsafe-stale-reads --i-know-this-is-unsafe",
                "system-opt", "a=it's b=2", "keep-going", "true", "rate", "200"), c);
        assertEquals(List.of("time-limit: 5s vs 6s", "rate: (not given) vs 200"), Configuration.differences(
                new java.util.TreeMap<>(Map.of("nodes", "3", "time-limit", "5s")), new java.util.TreeMap<>(Map.of("nodes", "3", "time-limit", "6s",
                        "rate", "200"))));
    }

    private static void refused(org.junit.jupiter.api.function.Executable e, String start) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().startsWith(start), x.getMessage());
    }
}
