package io.faultline.checker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.checker.CheckResult;
import io.faultline.checker.OpRef;
import io.faultline.checker.PartitionResult;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code result.json}: the verdict and every detail of a {@link CheckResult}, for machines. */
public final class ResultJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Prefix entries written at most (the last ones); the length is given when cut. */
    static final int MAX_PREFIX = 10_000;

    private ResultJson() {
    }

    public static void write(CheckResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(result) + "\n");
    }

    public static String toJson(CheckResult result) {
        return toJson(toMap(result));
    }

    public static String toJson(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write result JSON", e);
        }
    }

    public static Map<String, Object> toMap(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", r.source());
        m.put("model", r.model());
        m.put("verdict", r.verdict().words());
        m.put("linearizable", r.verdict() == Verdict.UNKNOWN ? null : r.verdict() == Verdict.LINEARIZABLE);
        m.put("cause", r.cause());
        m.put("operations", r.operationCount());
        m.put("elapsedMillis", r.elapsed().toMillis());
        List<Object> parts = new ArrayList<>();
        for (PartitionResult p : r.partitions()) {
            parts.add(partition(p));
        }
        m.put("partitions", parts);
        return m;
    }

    private static Map<String, Object> partition(PartitionResult p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", p.key());
        m.put("verdict", p.verdict().words());
        if (p.cause() != null) {
            m.put("cause", p.cause());
        }
        m.put("operations", p.operationCount());
        m.put("statesVisited", p.statesVisited());
        m.put("elapsedMillis", p.elapsed().toMillis());
        if (p.violation() != null) {
            m.put("violation", violation(p.violation()));
        }
        return m;
    }

    private static Map<String, Object> violation(Violation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("explanation", v.explanation());
        m.put("stateAfterPrefix", v.stateAfterPrefix());
        m.put("blocking", op(v.blocking()));
        m.put("couldNotLinearizeNext", ops(v.couldNotLinearizeNext()));
        List<OpRef> prefix = v.longestPrefix();
        if (prefix.size() > MAX_PREFIX) {
            // Only the end of a very long prefix says anything about the violation.
            m.put("longestLinearizablePrefixLength", prefix.size());
            prefix = prefix.subList(prefix.size() - MAX_PREFIX, prefix.size());
        }
        m.put("longestLinearizablePrefix", ops(prefix));
        m.put("shrunk", ops(v.shrunk()));
        m.put("shrunkMinimal", v.shrunkMinimal());
        return m;
    }

    private static List<Object> ops(List<OpRef> refs) {
        List<Object> out = new ArrayList<>(refs.size());
        for (OpRef r : refs) {
            out.add(op(r));
        }
        return out;
    }

    private static Map<String, Object> op(OpRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("invokeIndex", r.invokeIndex());
        m.put("completionIndex", r.completionIndex() < 0 ? null : r.completionIndex());
        m.put("process", r.process());
        m.put("op", r.description());
        if (r.indeterminate()) {
            m.put("indeterminate", true);
        }
        return m;
    }
}
