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
        assertEquals(6, rows.size());
        assertEquals("--unsafe-stale-reads", rows.get(0).flag());
        assertTrue(rows.get(5).healthy());
        assertEquals("", rows.get(5).nodeFlags());
        assertEquals("--unsafe-stale-reads --i-know-this-is-unsafe", rows.get(0).nodeFlags());
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
