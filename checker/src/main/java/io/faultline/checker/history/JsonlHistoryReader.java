package io.faultline.checker.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Faultline's native format: one JSON object a line; blank lines are skipped. Streams
 * each line's tokens straight into the field map (a million-line history is common).
 */
public final class JsonlHistoryReader implements HistoryReader {
    /**
     * Jackson caps strings at 20 M characters and numbers at 1,000 digits by default; a value
     * built by a long run of appends passes the first, so neither cap applies here (a line is
     * already in memory as one string when it is parsed).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .build())
            .build();

    @Override
    public History read(String source, Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        List<Op> ops = new ArrayList<>();
        Map<Object, Object> shared = new HashMap<>();
        IntList lines = new IntList();
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> fields;
            try {
                fields = parseObject(line);
            } catch (JsonProcessingException e) {
                throw new HistoryException(source, lineNo, "not a JSON object: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                throw new HistoryException(source, lineNo, e.getMessage());
            }
            try {
                ops.add(OpFields.fromFields(fields, ops.size(), shared));
            } catch (IllegalArgumentException e) {
                throw new HistoryException(source, lineNo, e.getMessage());
            }
            lines.add(lineNo);
        }
        return new History(source, ops, lines.toArray());
    }

    private static Map<String, Object> parseObject(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: a line must be {...}");
            }
            Map<String, Object> fields = object(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("not a JSON object: text after the closing }");
            }
            return fields;
        }
    }

    /** The object whose START_OBJECT was just read. */
    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.put(name, value(p));
        }
        return fields;
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? OpFields.normalizeNumbers(p.getBigIntegerValue()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case START_OBJECT:
                return object(p);
            default:
                throw new IllegalArgumentException("unexpected JSON token " + t);
        }
    }
}
