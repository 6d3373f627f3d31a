package io.faultline.raft;

/**
 * A message that a correct Raft cluster never sends arrived: it proves that one of Raft's
 * safety properties is broken somewhere. Thrown from {@code step} for three findings:
 *
 * <ul>
 *   <li>an append would replace an entry this node knows to be committed, or the leader of
 *       its term gives its committed last entry another term (Leader Completeness: two
 *       nodes committed different entries at one index);</li>
 *   <li>an append carries an entry whose index and term this node holds with other contents
 *       (Log Matching: only the one leader of a term creates entries of that term, once per
 *       index, so two nodes led that term);</li>
 *   <li>a second node acts as leader in a term whose leader this node already knows, or
 *       that this node leads (Election Safety).</li>
 * </ul>
 *
 * etcd's raft panics on the first; here the application decides (the Faultline node refuses
 * the message and logs it as a safety violation, which a run reports).
 */
public final class SafetyViolation extends IllegalStateException {
    public SafetyViolation(String message) {
        super(message);
    }
}
