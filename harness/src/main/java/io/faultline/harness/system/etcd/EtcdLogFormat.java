package io.faultline.harness.system.etcd;

import io.faultline.harness.system.NodeLogFormat;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etcd 3.4's default log (capnslog): server lines {@code 2026-12-06 07:50:22.813949 I | etcdserver: …}
 * and its raft library's {@code raft2026/12/06 07:50:22 INFO: 8e9e05c52164694d became leader at term 2},
 * both in the container's zone (UTC). Raft's lines give the role changes, to the second only.
 */
final class EtcdLogFormat implements NodeLogFormat {
    private static final Pattern SERVER = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+) (.*)$");
    private static final Pattern RAFT = Pattern.compile("^raft(\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d) (.*)$");
    private static final Pattern BECAME = Pattern.compile("^INFO: [0-9a-f]+ became (follower|pre-candidate|candidate|leader)"
            + " at term (\\d+)$");
    private static final DateTimeFormatter SERVER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter RAFT_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    @Override
    public Optional<Line> parse(String line) {
        try {
            Matcher raft = RAFT.matcher(line);
            if (raft.matches()) {
                String text = raft.group(2).stripTrailing();
                Matcher b = BECAME.matcher(text);
                var at = LocalDateTime.parse(raft.group(1), RAFT_TIME).toInstant(ZoneOffset.UTC);
                return Optional.of(b.matches() ? new Line(at, Long.parseLong(b.group(2)), b.group(1), text)
                        : new Line(at, -1, null, text));
            }
            Matcher server = SERVER.matcher(line);
            if (server.matches()) {
                return Optional.of(new Line(LocalDateTime.parse(server.group(1), SERVER_TIME).toInstant(ZoneOffset.UTC),
                        -1, null, server.group(2)));
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The term of a {@code became leader at term N} line. */
    OptionalLong electedTerm(String line) {
        return parse(line).filter(l -> "leader".equals(l.role())).map(l -> OptionalLong.of(l.term()))
                .orElse(OptionalLong.empty());
    }
}
