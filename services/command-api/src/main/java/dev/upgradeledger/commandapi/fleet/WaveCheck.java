package dev.upgradeledger.commandapi.fleet;

import java.time.Instant;

/**
 * The check between two waves of a fleet upgrade ({@code gates.check}, as Argo Rollouts' analysis): a query that must
 * hold before the next wave starts. Pluggable: {@link PrometheusWaveCheck} unless another bean is configured. Its
 * result is recorded as {@code FleetWaveChecked}; anything but {@link Verdict#PASSED} halts the fleet with the result's
 * detail, and a resume evaluates it again.
 */
public interface WaveCheck {

    /** Whether checks can run at all (a fleet with {@code gates.check} is refused at its start otherwise). */
    boolean available();

    /** Evaluates the query now; never throws: an unreachable or failing source is an {@link Verdict#UNREACHABLE}. */
    Result evaluate(String query);

    /** What the check found. */
    enum Verdict {
        /** The query held. */
        PASSED,
        /** The query was answered and did not hold. */
        FAILED,
        /** No answer (connection refused, time-out, an error status or an answer of the wrong shape). */
        UNREACHABLE
    }

    /**
     * @param value  the value the query answered (the first sample's), null when it answered none or none was read
     * @param detail one sentence: what was found, or why there was no answer
     */
    record Result(Verdict verdict, Double value, String detail, Instant at) {
    }
}
