package io.faultline.harness.nemesis;

import java.util.Map;

/** What a scripted fault did and saw: the description and extra of its stop op. */
public record ScriptOutcome(String description, Map<String, Object> extra) {}
