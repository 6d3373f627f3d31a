package io.faultline.harness.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectTest {
    @Test
    void allIsEveryFlagThenTheHealthyNode() {
        List<Subject> rows = Subject.parse("all");
        assertEquals(7, rows.size());
        assertEquals("--unsafe-stale-reads", rows.get(0).flag());
        assertTrue(rows.get(6).healthy());
        assertEquals("", rows.get(6).nodeFlags());
        assertEquals("--unsafe-stale-reads --i-know-this-is-unsafe", rows.get(0).nodeFlags());
    }

    /** A flag only a membership change can show is left out of `all` without the membership fault, not of a named list. */
    @Test
    void allLeavesOutAFlagWhoseFaultIsNotRun() {
        List<Subject> without = Subject.parse("all", List.of("kill-all", "figure-8"));
        assertEquals(6, without.size());
        assertTrue(without.stream().noneMatch(s -> "--unsafe-outsider-reads".equals(s.flag())));
        List<Subject> with = Subject.parse("all", List.of("membership"));
        assertTrue(with.stream().anyMatch(s -> "--unsafe-outsider-reads".equals(s.flag())));
        assertEquals("--unsafe-outsider-reads", Subject.parse("outsider-reads", List.of("kill")).get(0).flag());
    }

    @Test
    void shortAndLongNamesOnceEach() {
        List<Subject> rows = Subject.parse("lost-fsync, --unsafe-early-ack,lost-fsync,healthy");
        assertEquals(List.of(new Subject("--unsafe-lost-fsync"), new Subject("--unsafe-early-ack"), Subject.HEALTHY),
                rows);
        assertEquals(List.of(Subject.HEALTHY), Subject.parse("healthy"));
    }

    @Test
    void unknownFlagsAreRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Subject.parse("stale-reads,fast-writes"));
        assertTrue(e.getMessage().contains("fast-writes") && e.getMessage().contains("--unsafe-lost-fsync"),
                e.getMessage());
    }
}
