package io.faultline.harness.system.nats;

import io.faultline.harness.system.NodeLogFormat;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nats-server's log: {@code [pid] 2026/12/06 10:10:54.949163 [INF] text}, in the container's zone
 * (UTC). The role a line states is the member's role in the bucket's stream group: with the debug
 * log its Raft group logs {@code RAFT [peer - S-R3F-…] Switching to leader|follower|candidate}
 * (stream groups are named {@code S-…}; the metadata group {@code _meta_} and consumer groups
 * {@code C-…} are not the store), and at any level a new stream leader logs
 * {@code JetStream cluster new stream leader for '$G > KV_…'}. nats-server logs no Raft term
 * at either level, so every role is stated without one.
 */
final class NatsLogFormat implements NodeLogFormat {
    static final String READY = "Server is ready";
    private static final Pattern LINE = Pattern.compile("^\\[\\d+\\] (\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}) \\[([A-Z]+)\\] (.*)$");
    private static final Pattern STREAM_GROUP_ROLE =
            Pattern.compile("^RAFT \\[[^ ]+ - S-[^\\]]+\\] Switching to (leader|follower|candidate)$");
    private static final Pattern NEW_KV_LEADER = Pattern.compile("^JetStream cluster new stream leader for '[^']* > KV_[^']*'$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");

    @Override
    public Optional<Line> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) return Optional.empty();
        try {
            var at = LocalDateTime.parse(m.group(1), TIME).toInstant(ZoneOffset.UTC);
            String text = m.group(3).stripTrailing();
            return Optional.of(new Line(at, -1, role(text), text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String role(String text) {
        Matcher r = STREAM_GROUP_ROLE.matcher(text);
        if (r.matches()) return r.group(1);
        return NEW_KV_LEADER.matcher(text).matches() ? "leader" : null;
    }
}
