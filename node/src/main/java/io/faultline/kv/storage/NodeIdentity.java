package io.faultline.kv.storage;

import java.nio.charset.StandardCharsets;

/** Which node and cluster a data directory belongs to; stored once, checked on every start. */
public record NodeIdentity(long nodeId, long clusterId, String initialPeers) {

    private static final String FORMAT = "faultline-node/1";

    byte[] encode() {
        return (FORMAT + "\n" + nodeId + "\n" + Long.toHexString(clusterId) + "\n" + initialPeers)
                .getBytes(StandardCharsets.UTF_8);
    }

    static NodeIdentity decode(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 4 || !lines[0].equals(FORMAT)) {
            throw new DataDirException("its identity record is unreadable (expected " + FORMAT + "): corrupt or another format");
        }
        try {
            return new NodeIdentity(Long.parseLong(lines[1]), Long.parseUnsignedLong(lines[2], 16), lines[3]);
        } catch (NumberFormatException e) {
            throw new DataDirException("its identity record is unreadable: " + e.getMessage(), e);
        }
    }
}
