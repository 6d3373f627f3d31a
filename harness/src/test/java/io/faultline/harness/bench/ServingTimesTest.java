package io.faultline.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.harness.system.etcd.EtcdSystem;
import io.faultline.harness.system.faultline.FaultlineSystem;
import io.faultline.harness.systems.Systems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Restart times read from node logs: each start marker to the system's own serving line after it. */
class ServingTimesTest {
    @Test
    void everyStartOfAFaultlineNodeIsTimedToItsServingLine() {
        List<String> log = List.of(
                "=== faultline: node start 2026-12-06T07:21:07.000000000Z",
                "2026-12-06T07:21:07.406Z n1 t9 follower  starting: data dir /data, cluster 2dcd, voters [1]",
                "2026-12-06T07:21:07.607Z n1 t9 follower  serving clients on 0.0.0.0:7000, peers on 0.0.0.0:7001"
                        + " (start 412 ms: jvm 80, flags 95)",
                "2026-12-06T07:21:08.284Z n1 t10 leader    became leader",
                "=== faultline: node start 2026-12-06T07:22:00.100000000Z",
                "2026-12-06T07:22:00.300Z n1 t10 follower  starting: data dir /data",
                "=== faultline: node start 2026-12-06T07:23:00.000000000Z",
                "2026-12-06T07:23:00.350Z n1 t11 follower  serving clients on 0.0.0.0:7000, peers on 0.0.0.0:7001",
                "2026-12-06T07:23:05.000Z n1 t11 follower  serving clients on a second line that is not the start's");
        assertEquals(List.of(Optional.of(Duration.ofMillis(607)), Optional.empty(), Optional.of(Duration.ofMillis(350))),
                toServing(log, FaultlineSystem.NAME));
    }

    @Test
    void etcdServesWhenItSaysItIsReady() {
        List<String> log = List.of(
                "=== faultline: node start 2026-12-06T07:40:19.900000000Z",
                "2026-12-06 07:40:20.010000 I | etcdserver: starting server... [version: 3.4.23]",
                "raft2026/12/06 07:40:20 INFO: 8e9e05c52164694d became leader at term 2",
                "2026-12-06 07:40:20.167580 I | embed: ready to serve client requests");
        assertEquals(List.of(Optional.of(Duration.ofNanos(267_580_000))), toServing(log, EtcdSystem.NAME));
    }

    @Test
    void linesBeforeTheFirstMarkerAndOtherSystemsLinesAreNotStarts() {
        List<String> log = List.of(
                "2026-12-06T07:21:07.607Z n1 t9 follower  serving clients on 0.0.0.0:7000, peers on 0.0.0.0:7001",
                "=== faultline: node start 2026-12-06T07:40:19.900000000Z",
                "2026-12-06 07:40:20.167580 I | embed: ready to serve client requests");
        assertEquals(List.of(Optional.empty()), toServing(log, FaultlineSystem.NAME));
    }

    private static List<Optional<Duration>> toServing(List<String> log, String system) {
        return ServingTimes.read(log, Systems.create(system, Map.of())).stream().map(ServingTimes.Start::toServing)
                .toList();
    }
}
