package io.faultline.kv.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.log.NodeLog;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message that proves Raft's safety broken is refused and logged, and a sender's retries do not flood the log. */
class SafetyLogTest {
    private static Message heartbeat(long from, long term) {
        return Message.newBuilder().setMsgType(MessageType.MSG_HEARTBEAT).setFrom(from).setTo(1).setTerm(term).build();
    }

    @Test
    void aSecondLeaderOfATermIsLoggedOnceAndThenOncePerHundredRepeats() {
        DriverRig rig = new DriverRig();
        rig.step(heartbeat(2, 5));
        for (int i = 0; i < 250; i++) rig.step(heartbeat(3, 5));
        List<String> lines = rig.logged.toString(StandardCharsets.UTF_8).lines()
                .filter(NodeLog::saysSafetyBroke).toList();
        assertEquals(3, lines.size(), "the first, then after 100 and 200 repeats: " + lines);
        assertTrue(lines.get(0).contains("refused MSG_HEARTBEAT from n3 of term 5: two leaders in term 5"), lines.get(0));
        assertTrue(lines.get(1).endsWith("(100 more times)"), lines.get(1));
        assertEquals(2, rig.driver.status().getLeaderId(), "n2 stays the leader it knows");
    }
}
