package io.faultline.checker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads Faultline's native format: one JSON object a line; blank lines are skipped. */
public final class JsonlHistoryReader implements HistoryReader {
    private static final ObjectReader MAP_READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .readerFor(Map.class);

    @Override
    public History read(String source, Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<Op> ops = new ArrayList<>();
        IntList lines = new IntList();
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Object parsed;
            try {
                parsed = MAP_READER.readValue(line);
            } catch (JsonProcessingException e) {
                throw new HistoryException(source, lineNo, "not a JSON object: " + e.getOriginalMessage());
            }
            if (!(parsed instanceof Map<?, ?> raw)) {
                throw new HistoryException(source, lineNo, "expected a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) OpFields.normalizeNumbers(raw);
            try {
                ops.add(OpFields.fromFields(fields, ops.size()));
            } catch (IllegalArgumentException e) {
                throw new HistoryException(source, lineNo, e.getMessage());
            }
            lines.add(lineNo);
        }
        return new History(source, ops, lines.toArray());
    }
}
