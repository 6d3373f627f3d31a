import io.nats.client.*;
import io.nats.client.api.*;
import java.time.Duration;
import java.util.*;

/** By-hand check of the corrupted-.blk finding: put, get, leader, stepdown-until against one member's URL. */
public class Repro {
    public static void main(String[] a) throws Exception {
        String url = a[0];
        Options o = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).build();
        try (Connection nc = Nats.connect(o)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            switch (a[1]) {
                case "create" -> {
                    nc.keyValueManagement().create(KeyValueConfiguration.builder().name("faultline").replicas(3)
                            .storageType(StorageType.File).build());
                    System.out.println("created");
                }
                case "put" -> {
                    KeyValue kv = nc.keyValue("faultline");
                    int n = Integer.parseInt(a[2]);
                    long last = 0;
                    for (int i = 0; i < n; i++) last = kv.put("k" + (i % 20), "v" + i);
                    System.out.println("acknowledged " + n + " puts, last revision " + last);
                }
                case "get" -> {
                    KeyValue kv = nc.keyValue("faultline");
                    int found = 0, missing = 0;
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < 20; i++) {
                        try {
                            KeyValueEntry e = kv.get("k" + i);
                            if (e == null) { missing++; b.append(" k").append(i).append("=absent"); }
                            else { found++; b.append(" k").append(i).append("=").append(e.getValueAsString()).append("@").append(e.getRevision()); }
                        } catch (Exception e) { missing++; b.append(" k").append(i).append("=error:").append(e.getMessage()); }
                    }
                    System.out.println("found " + found + ", absent/error " + missing + ":" + b);
                }
                case "leader-get" -> {
                    int found = 0, missing = 0;
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < 20; i++) {
                        try {
                            MessageInfo m = jsm.getLastMessage("KV_faultline", "$KV.faultline.k" + i);
                            found++; b.append(" k").append(i).append("=").append(new String(m.getData())).append("@").append(m.getSeq());
                        } catch (JetStreamApiException e) { missing++; b.append(" k").append(i).append("=").append(e.getApiErrorCode()); }
                    }
                    System.out.println("leader-get: found " + found + ", not found " + missing + ":" + b);
                }
                case "leader" -> {
                    StreamInfo si = jsm.getStreamInfo("KV_faultline");
                    System.out.println("leader " + si.getClusterInfo().getLeader() + " last seq " + si.getStreamState().getLastSequence()
                            + " msgs " + si.getStreamState().getMsgCount());
                }
                case "stepdown-until" -> {
                    for (int i = 0; i < 30; i++) {
                        String leader = jsm.getStreamInfo("KV_faultline").getClusterInfo().getLeader();
                        if (a[2].equals(leader)) { System.out.println("leader is " + leader + " after " + i + " stepdowns"); return; }
                        try { nc.request("$JS.API.STREAM.LEADER.STEPDOWN.KV_faultline", new byte[0], Duration.ofSeconds(3)); }
                        catch (Exception e) { System.out.println("stepdown: " + e); }
                        Thread.sleep(2500);
                    }
                    System.out.println("never became leader");
                }
                default -> throw new IllegalArgumentException(a[1]);
            }
        }
    }
}
