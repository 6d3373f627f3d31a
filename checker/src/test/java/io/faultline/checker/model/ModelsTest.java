package io.faultline.checker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsTest {

    private static Call call(Model m, String f, String key, Object in, Object out) {
        return m.compile(Op.of(0, 1, Op.Type.INVOKE, f, key, in), Op.of(1, 1, Op.Type.OK, f, key, out));
    }

    private static Call info(Model m, String f, String key, Object in) {
        return m.compile(Op.of(0, 1, Op.Type.INVOKE, f, key, in), Op.of(1, 1, Op.Type.INFO, f, key, in));
    }

    @Test
    void casRegisterStartsNilAndSwapsOnlyOnMatch() {
        Model m = Models.byName("cas-register");
        Object s = m.initialState();
        assertEquals(s, m.step(s, call(m, "read", null, null, null)));
        assertNull(m.step(s, call(m, "read", null, null, 1L)));
        s = m.step(s, call(m, "write", null, 1L, 1L));
        assertEquals(2L, m.step(s, call(m, "cas", null, List.of(1L, 2L), List.of(1L, 2L))));
        assertNull(m.step(s, call(m, "cas", null, List.of(3L, 2L), List.of(3L, 2L))), "an ok cas must have matched");
        assertEquals(s, m.step(s, info(m, "cas", null, List.of(3L, 2L))), "an info cas that did not match did nothing");
    }

    @Test
    void registerHasNoCas() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call(Models.byName("register"), "cas", null, List.of(1L, 2L), null));
        assertTrue(e.getMessage().contains("no function \"cas\""), e.getMessage());
    }

    @Test
    void kvReadsAMissingKeyAsNilOrEmptyStringAsConfigured() {
        Model nil = Models.byName("kv", ModelOptions.defaults());
        Model empty = Models.byName("kv", ModelOptions.defaults().withMissingKey(ModelOptions.MissingKey.EMPTY_STRING));
        assertEquals(Nil.NIL, nil.step(nil.initialState(), call(nil, "get", "k", null, null)));
        assertNull(nil.step(nil.initialState(), call(nil, "get", "k", null, "")));
        Object afterGet = empty.step(empty.initialState(), call(empty, "get", "k", null, ""));
        assertEquals("\"\"", empty.describeState(afterGet));
        Object ab = empty.step(empty.step(empty.initialState(), call(empty, "append", "k", "a", null)),
                call(empty, "append", "k", "b", null));
        assertEquals("\"ab\"", empty.describeState(ab));
        assertEquals(ab, empty.step(ab, call(empty, "get", "k", null, "ab")), "a get of the appended value succeeds");
    }

    @Test
    void kvCasWithNilExpectedMeansKeyAbsent() {
        Model m = Models.byName("kv");
        Object s = m.initialState();
        Object created = m.step(s, call(m, "cas", "k", Arrays.asList(null, "a"), null));
        assertEquals("\"a\"", m.describeState(created));
        assertNull(m.step(created, call(m, "cas", "k", Arrays.asList(null, "b"), null)));
        assertEquals(Nil.NIL, m.step(created, call(m, "delete", "k", null, null)));
    }

    @Test
    void unknownFunctionsAndModelsAreNamed() {
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> call(Models.byName("kv"), "increment", "k", 1L, null));
        assertTrue(f.getMessage().contains("increment"));
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class, () -> Models.byName("queue"));
        assertTrue(model.getMessage().contains("cas-register, kv, register"), model.getMessage());
        assertThrows(IllegalArgumentException.class, () -> call(Models.byName("kv"), "get", null, null, null));
    }

    @Test
    void aReadOrCasObservesTheWritesOfTheValueItSaw() {
        Model m = Models.byName("cas-register");
        Call write3 = call(m, "write", null, 3L, null);
        assertTrue(m.observes(call(m, "read", null, null, 3L), write3));
        assertFalse(m.observes(call(m, "read", null, null, 4L), write3));
        assertTrue(m.observes(call(m, "cas", null, List.of(3L, 1L), null), write3));
        assertTrue(m.observes(call(m, "read", null, null, 1L), call(m, "cas", null, List.of(3L, 1L), null)));
        assertFalse(m.observes(call(m, "write", null, 3L, null), write3));
        Model kv = Models.byName("kv", ModelOptions.parse("missing-key=empty"));
        Call get = call(kv, "get", "k", null, "x1yx2y");
        assertTrue(kv.observes(get, call(kv, "append", "k", "x2y", null)));
        assertFalse(kv.observes(get, call(kv, "append", "k", "x3y", null)));
        assertTrue(kv.observes(get, call(kv, "put", "k", "x1y", null)));
    }

    /**
     * An append depends on a write only through whether it can run at all: a write that leaves
     * the key appendable (a string, an absent key) may have rescued it from an integer; an earlier
     * append or an integer cannot. What it carries on is seen by the reads, which observe that.
     */
    @Test
    void anAppendObservesTheWritesThatLeaveTheKeyAppendable() {
        Model kv = Models.byName("kv");
        Call append = call(kv, "append", "k", "x1y", null);
        assertTrue(kv.observes(append, call(kv, "put", "k", "v", null)));
        assertTrue(kv.observes(append, call(kv, "delete", "k", null, null)));
        assertTrue(kv.observes(append, call(kv, "cas", "k", Arrays.asList(7L, null), null)));
        assertFalse(kv.observes(append, call(kv, "put", "k", 7L, null)));
        assertFalse(kv.observes(append, call(kv, "cas", "k", List.of("v", 7L), null)));
        assertFalse(kv.observes(append, call(kv, "append", "k", "x2y", null)));
    }

    @Test
    void optionsParse() {
        assertEquals(ModelOptions.MissingKey.EMPTY_STRING, ModelOptions.parse("missing-key=empty").missingKey());
        assertEquals(ModelOptions.MissingKey.NIL, ModelOptions.parse("-").missingKey());
        assertThrows(IllegalArgumentException.class, () -> ModelOptions.parse("colour=blue"));
    }
}
