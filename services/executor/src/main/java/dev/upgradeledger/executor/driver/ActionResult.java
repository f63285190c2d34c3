package dev.upgradeledger.executor.driver;

import java.util.Map;

/** What came of an action: it succeeded with facts (a checksum, the version now running), or it failed. */
public sealed interface ActionResult {

    static ActionResult succeeded() {
        return new Succeeded(Map.of());
    }

    static ActionResult succeeded(Map<String, String> facts) {
        return new Succeeded(facts);
    }

    static ActionResult failed(String code, String message, boolean retryable) {
        return new Failed(code, message, retryable);
    }

    /** @param facts what the action established, e.g. {@code checksum}, {@code dumpRef}, {@code version} */
    record Succeeded(Map<String, String> facts) implements ActionResult {

        public Succeeded {
            facts = Map.copyOf(facts);
        }
    }

    /** @param retryable whether a new attempt may succeed (a time-out, a busy node) or not (a refused migration) */
    record Failed(String code, String message, boolean retryable) implements ActionResult {
    }
}
