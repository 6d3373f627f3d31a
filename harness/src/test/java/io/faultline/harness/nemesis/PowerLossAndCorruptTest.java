package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.systems.Systems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The power-loss and corruption packages against a fake cluster, in virtual time. */
class PowerLossAndCorruptTest {
    /** n2 does not come back from its corruption; the others serve again once restarted. */
    static final class Target extends NemesisTest.FakeTarget {
        final java.util.Set<Integer> down = new java.util.HashSet<>();

        @Override
        public void kill(int node) {
            super.kill(node);
            down.add(node);
        }

        @Override
        public void restart(int node) {
            super.restart(node);
            if (node != 2) down.remove(node);
        }

        @Override
        public boolean running(int node) {
            return !down.contains(node);
        }

        @Override
        public List<NodeStatus> statuses() {
            List<NodeStatus> out = new ArrayList<>();
            for (int n : nodes()) {
                out.add(down.contains(n) ? NodeStatus.noAnswer(n, "down")
                        : NodeStatus.of(n, new NodeStatus.State("follower", 4, 3, 0, 0, 0)));
            }
            return out;
        }
    }

    private final Target target = new Target();
    private final List<String> log = new ArrayList<>();

    @Test
    void aPowerLossCutsEveryNodeTheLeaderFirstAndRecordsWhatEachLost() {
        PowerLossFault f = new PowerLossFault(List.of(1, 2, 3, 4, 5), OptionalLong.of(42));
        Struck s = f.start(target, 3, log::add);
        assertEquals(List.of("power-off 3 suffix 42", "power-off 1 suffix 42", "power-off 2 suffix 42",
                "power-off 4 suffix 42", "power-off 5 suffix 42"), target.actions);
        assertEquals(Map.of(1, Effect.DOWN, 2, Effect.DOWN, 3, Effect.DOWN, 4, Effect.DOWN, 5, Effect.DOWN), s.effects());
        @SuppressWarnings("unchecked")
        Map<String, Object> lost = (Map<String, Object>) s.extra().get(PowerLossFault.LOST);
        assertEquals("dropped 100 unsynced bytes in 1 files (kept 0)", lost.get("n3"));
        assertTrue(log.get(0).contains("file /x unsynced=100 kept=0 lost=100"), "the file lines go to the nemesis log");
        target.actions.clear();
        f.stop(target, s, log::add);
        assertEquals(List.of("restart 3", "restart 1", "restart 2", "restart 4", "restart 5"), target.actions);
    }

    @Test
    void theDrawIsSeededAndKnowsBothModes() {
        var rnd = new SplittableRandom(7);
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < 12; i++) drawn.add(PowerLossFault.PACKAGE.draw(rnd, List.of(1, 2, 3)).describe());
        var again = new SplittableRandom(7);
        for (int i = 0; i < 12; i++) assertEquals(drawn.get(i), PowerLossFault.PACKAGE.draw(again, List.of(1, 2, 3)).describe());
        assertTrue(drawn.stream().anyMatch(d -> d.contains("every unsynced write lost")), drawn.toString());
        assertTrue(drawn.stream().anyMatch(d -> d.contains("seeded suffix")), drawn.toString());
    }

    @Test
    void corruptionDrawsANonEmptyDataFileAndStaysInsideIt() {
        List<DataFile> files = List.of(new DataFile("/data/000012.sst", 4000),
                new DataFile("/data/etcd/member/wal/0000000000000000-0000000000000000.wal", 64_000),
                new DataFile("/data/empty", 0));
        for (long seed = 0; seed < 200; seed++) {
            for (boolean truncate : new boolean[] {false, true}) {
                List<Damage> plan = CorruptFault.draw(files, new SplittableRandom(seed), truncate);
                assertFalse(plan.isEmpty());
                for (Damage d : plan) {
                    long size = files.stream().filter(f -> f.path().equals(d.file())).findFirst().orElseThrow().size();
                    assertTrue(d.file().endsWith(".sst") || d.file().endsWith(".wal"), d.describe());
                    if (d instanceof Damage.BitFlip b) {
                        assertTrue(b.offset() >= 0 && b.offset() < size && Integer.bitCount(b.mask()) == 1, d.describe());
                    } else {
                        Damage.Truncate t = (Damage.Truncate) d;
                        assertTrue(t.size() >= 0 && t.size() < size && t.was() == size, d.describe());
                    }
                }
                assertEquals(plan, CorruptFault.draw(files, new SplittableRandom(seed), truncate), "seeded");
            }
        }
        assertTrue(CorruptFault.draw(List.of(new DataFile("/data/empty", 0)), new SplittableRandom(1), false).isEmpty());
    }

    /** Files as each system's data directory holds them (listed in running containers), and which of them are data. */
    @Test
    void eachSystemDeclaresWhichOfItsFilesHoldData() {
        Map<SystemUnderTest, Map<String, Boolean>> cases = Map.of(
                Systems.create("faultline", Map.of()), Map.of(
                        "/data/000012.sst", true, "/data/000004.log", true, "/data/MANIFEST-000005", true,
                        "/data/LOG", false, "/data/LOG.old.1700000000", false, "/data/LOCK", false,
                        "/data/CURRENT", false, "/data/OPTIONS-000007", false),
                Systems.create("etcd", Map.of()), Map.of(
                        "/data/etcd/member/wal/0000000000000000-0000000000000000.wal", true,
                        "/data/etcd/member/snap/db", true, "/data/etcd/member/snap/0000000000000002-0000000000000010.snap", true,
                        "/data/etcd/member/wal/0.tmp", false),
                Systems.create("nats", Map.of()), Map.of(
                        "/data/nats/jetstream/$G/streams/KV_faultline/msgs/1.blk", true,
                        "/data/nats/jetstream/$SYS/_js_/S-R3F-7owXf2MD/msgs/12.blk", true,
                        "/data/nats/jetstream/$SYS/_js_/_meta_/msgs/1.blk", true,
                        "/data/nats/jetstream/$G/streams/KV_faultline/msgs/1.idx", false,
                        "/data/nats/jetstream/$G/streams/KV_faultline/meta.inf", false,
                        "/data/nats/jetstream/$SYS/_js_/_meta_/peers.idx", false,
                        "/data/nats/jetstream/$G/streams/KV_faultline/meta.sum", false));
        cases.forEach((system, files) -> files.forEach((path, data) ->
                assertEquals(data, system.dataFiles().matcher(path).find(), system.name() + " " + path)));
    }

    @Test
    void aCorruptionDamagesTheDownMinorityAndRecordsHowEachCameBack() throws Exception {
        CorruptFault f = new CorruptFault(List.of(2, 4), 99, false);
        Struck s = f.start(target, 3, log::add);
        assertEquals(List.of("kill 2", "kill 4"), target.actions.subList(0, 2));
        assertTrue(target.actions.subList(2, target.actions.size()).stream()
                .allMatch(a -> a.matches("damage [24] flip /data/000001\\.log byte \\d+ xor 0x[0-9a-f]{2}")), target.actions.toString());
        assertEquals(Map.of(2, Effect.DOWN, 4, Effect.DOWN), s.effects());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("corrupt n2: flip /data/000001.log byte ")), log.toString());
        Struck stopped = f.stop(target, s, log::add);
        @SuppressWarnings("unchecked")
        Map<String, Object> reaction = (Map<String, Object>) stopped.extra().get("reaction");
        assertEquals("exited (refused to start or crashed)", reaction.get("n2"));
        assertEquals("serves again (follower, term 4)", reaction.get("n4"));
        assertTrue(f.describe().contains("seed 99"));
    }

    @Test
    void theMinorityIsNeverAQuorum() {
        var rnd = new SplittableRandom(3);
        for (int n : new int[] {3, 5, 7}) {
            List<Integer> nodes = new ArrayList<>();
            for (int i = 1; i <= n; i++) nodes.add(i);
            for (int i = 0; i < 50; i++) {
                CorruptFault f = (CorruptFault) CorruptFault.PACKAGE.draw(rnd, nodes);
                assertTrue(f.nodes().size() >= 1 && f.nodes().size() <= (n - 1) / 2, f.describe());
            }
        }
    }
}
