package dev.upgradeledger.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * The result of a step as reported by whoever performed it. In JSON, {@code "outcome":"SUCCEEDED"} with
 * {@code facts}, or {@code "outcome":"FAILED"} with {@code code}, {@code message} and {@code retryable}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({@JsonSubTypes.Type(value = StepOutcome.Succeeded.class, name = "SUCCEEDED"),
        @JsonSubTypes.Type(value = StepOutcome.Failed.class, name = "FAILED")})
public sealed interface StepOutcome {

    /** @param facts what the step established, e.g. {@code checksum}, {@code dumpRef}, {@code version} */
    record Succeeded(Map<String, String> facts) implements StepOutcome {

        public Succeeded {
            facts = facts == null ? Map.of() : Map.copyOf(facts);
            InputLimits.requireFacts(facts);
        }
    }

    /** @param retryable whether a new attempt may succeed */
    record Failed(String code, String message, boolean retryable) implements StepOutcome {

        public Failed {
            Validation.require(code != null && !code.isBlank() && code.length() <= InputLimits.MAX_FAILURE_CODE,
                    "a failure needs a code of 1-" + InputLimits.MAX_FAILURE_CODE + " characters");
            Validation.require(message == null || message.length() <= InputLimits.MAX_FAILURE_MESSAGE,
                    "a failure's message must be at most " + InputLimits.MAX_FAILURE_MESSAGE + " characters");
        }
    }
}
