package io.faultline.harness.system.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.faultline.harness.nemesis.CrashPointFault;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.Figure8;
import io.faultline.harness.system.Capability;
import io.faultline.harness.system.Membership;
import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.systems.Systems;
import io.faultline.harness.system.ErrorKind;
import io.grpc.Status;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class EtcdSystemTest {
    @Test
    void onlyWhatEtcdSurelyDidNotApplyIsDefinite() {
        assertInstanceOf(ErrorKind.NotSent.class, EtcdOutcomes.classify(new ExecutionException(
                Status.UNAVAILABLE.withCause(new ConnectException("Connection refused")).asRuntimeException())));
        assertInstanceOf(ErrorKind.NotSent.class, EtcdOutcomes.classify(new ExecutionException(
                EtcdExceptionFactory.newEtcdException(ErrorCode.UNAVAILABLE, "etcdserver: no leader"))));
        assertInstanceOf(ErrorKind.Refused.class, EtcdOutcomes.classify(new ExecutionException(
                EtcdExceptionFactory.newEtcdException(ErrorCode.RESOURCE_EXHAUSTED, "etcdserver: too many requests"))));
        assertInstanceOf(ErrorKind.Refused.class, EtcdOutcomes.classify(new ExecutionException(
                Status.INVALID_ARGUMENT.withDescription("etcdserver: request is too large").asRuntimeException())));
        for (Exception maybe : List.of(new TimeoutException(),
                new ExecutionException(EtcdExceptionFactory.newEtcdException(ErrorCode.UNAVAILABLE,
                        "etcdserver: leader changed")),
                new ExecutionException(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()),
                new ExecutionException(EtcdExceptionFactory.newEtcdException(ErrorCode.DEADLINE_EXCEEDED,
                        "etcdserver: request timed out")),
                new ExecutionException(Status.CANCELLED.asRuntimeException()))) {
            assertInstanceOf(ErrorKind.Unknown.class, EtcdOutcomes.classify(maybe), maybe.toString());
        }
    }

    @Test
    void aStaticMemberFindsItsPeersByAliasAndKeepsItsDataOnItsVolume() {
        SystemUnderTest etcd = Systems.create("etcd", Map.of("flags", "--quota-backend-bytes 1000000"));
        List<String> cmd = etcd.command(2, Membership.of(3));
        assertEquals("/usr/bin/etcd", cmd.get(0));
        assertEquals("n2", cmd.get(cmd.indexOf("--name") + 1));
        assertEquals("n1=http://n1:2380,n2=http://n2:2380,n3=http://n3:2380",
                cmd.get(cmd.indexOf("--initial-cluster") + 1));
        assertTrue(cmd.get(cmd.indexOf("--data-dir") + 1).startsWith("/data/"), "on the member's volume");
        assertEquals(List.of("--quota-backend-bytes", "1000000"), cmd.subList(cmd.size() - 2, cmd.size()));
        assertTrue("/usr/bin/etcd --name n2".matches(etcd.layout().processPattern() + ".*"));
        assertTrue(!"sh -c nohup /usr/bin/etcd --name n2".matches(etcd.layout().processPattern() + ".*"),
                "the pattern does not match the shell that starts etcd");
    }

    @Test
    void etcdRefusesTheFaultsThatNeedCrashPointsOrAClockRateOnlyAndSaysWhy() {
        SystemUnderTest etcd = Systems.create("etcd", Map.of());
        java.util.Set<Capability> lacking = java.util.Set.of(Capability.CRASH_POINTS, Capability.CLOCK_RATE);
        for (FaultPackage f : FaultPackages.all()) {
            assertEquals(f.needs().stream().anyMatch(lacking::contains), FaultPackages.refusal(f, etcd).isPresent(), f.name());
        }
        assertTrue(FaultPackages.refusal(Figure8.PACKAGE, etcd).get().contains("needs crash points"));
        assertTrue(FaultPackages.refusal(CrashPointFault.PACKAGE, etcd).get().contains("crash-points needs crash points"));
        assertTrue(FaultPackages.refusal(Figure8.PACKAGE, Systems.create("faultline", Map.of())).isEmpty());
        assertTrue(FaultPackages.refusal(io.faultline.harness.nemesis.LinkDupFault.PACKAGE, etcd).isEmpty(),
                "the link proxy duplicates etcd's message streams");
    }
}
