package io.faultline.checker.history;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.Symbol;
import us.bpsm.edn.Tag;
import us.bpsm.edn.TaggedValue;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Reads Jepsen's {@code history.edn} as Jepsen and Knossos write it: ops one after another
 * (usually one a line), or a whole file that is one vector {@code [...]} or list {@code (...)} of
 * ops; each op a plain map or a {@code #jepsen.history.Op{...}} record (Jepsen 0.3 and later).
 * Keywords become plain strings ({@code :ok} → {@code "ok"}), lists, vectors and sets become
 * lists.
 */
public final class EdnHistoryReader implements HistoryReader {

    @Override
    public History read(String source, Reader in) throws IOException {
        Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
        LineCounting text = new LineCounting(Parsers.newParseable(in));
        List<Op> ops = new ArrayList<>();
        Map<Object, Object> shared = new HashMap<>();
        IntList lines = new IntList();
        int closer = 0; // ']' or ')' while inside a file that is one vector or list of ops
        boolean closed = false;
        while (true) {
            int c = text.skipBlanks();
            if (c == Parseable.END_OF_INPUT) {
                if (closer != 0 && !closed) {
                    throw new HistoryException(source, text.line,
                            "the " + (closer == ']' ? "vector" : "list") + " of ops is not closed with " + (char) closer);
                }
                break;
            }
            if (closed) {
                throw new HistoryException(source, text.line, "unexpected text after the closing " + (char) closer);
            }
            if ((c == '[' || c == '(') && closer == 0 && ops.isEmpty()) {
                closer = c == '[' ? ']' : ')';
                continue;
            }
            if (c == closer) {
                closed = true;
                continue;
            }
            text.unread(c);
            int line = text.line;
            Object value;
            try {
                value = parser.nextValue(text);
            } catch (EdnException e) {
                throw new HistoryException(source, text.line, "not valid EDN: " + firstLine(e));
            }
            Map<?, ?> map = opMap(value);
            if (map == null) {
                throw new HistoryException(source, line,
                        "expected an op map {...} or #jepsen.history.Op{...}, got " + describe(value));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) plain(map);
            try {
                ops.add(OpFields.fromFields(fields, ops.size(), shared));
            } catch (IllegalArgumentException e) {
                throw new HistoryException(source, line, e.getMessage());
            }
            lines.add(line);
        }
        return new History(source, ops, lines.toArray());
    }

    /** Jepsen 0.3 and later print ops as {@code #jepsen.history.Op{...}} records; earlier ones as plain maps. */
    private static final Tag JEPSEN_OP = Tag.newTag("jepsen.history.Op");

    private static Map<?, ?> opMap(Object value) {
        if (value instanceof TaggedValue t && t.getTag().equals(JEPSEN_OP)) {
            value = t.getValue();
        }
        return value instanceof Map<?, ?> m ? m : null;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String describe(Object v) {
        String s = String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** EDN values → plain Java: keywords/symbols to strings, integers to Long, sets to lists. */
    static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean
                || v instanceof Double) {
            return v;
        }
        if (v instanceof Keyword k) {
            return k.toString().substring(1);
        }
        if (v instanceof Symbol s) {
            return s.toString();
        }
        if (v instanceof Integer || v instanceof BigInteger) {
            return OpFields.normalizeNumbers(v);
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Character ch) {
            return String.valueOf(ch);
        }
        if (v instanceof TaggedValue t) {
            return t.getTag().equals(JEPSEN_OP) ? plain(t.getValue()) : t.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(plain(e.getKey())), plain(e.getValue()));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(plain(o));
            }
            return out;
        }
        return v.toString();
    }

    /** Counts lines as the EDN parser reads, so each op can be tied to its line. */
    private static final class LineCounting implements Parseable {
        private final Parseable inner;
        int line = 1;

        LineCounting(Parseable inner) {
            this.inner = inner;
        }

        @Override
        public int read() throws IOException {
            int c = inner.read();
            if (c == '\n') {
                line++;
            }
            return c;
        }

        @Override
        public void unread(int c) throws IOException {
            inner.unread(c);
            if (c == '\n') {
                line--;
            }
        }

        /** Skips whitespace, commas and ; comments; returns the next character (consumed). */
        int skipBlanks() throws IOException {
            while (true) {
                int c = read();
                if (c == ';') {
                    do {
                        c = read();
                    } while (c != '\n' && c != END_OF_INPUT);
                }
                if (c == END_OF_INPUT) {
                    return c;
                }
                if (!Character.isWhitespace(c) && c != ',') {
                    return c;
                }
            }
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
