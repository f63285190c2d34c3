package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.InvalidValueException;
import java.time.Duration;

/**
 * What must hold between two waves before the next one starts: the soak time since the last cluster of the wave
 * settled, then the check (a query that must hold, run by a pluggable checker, its result recorded), then an
 * approval (who, why).
 *
 * @param soak     how long the fleet waits after a wave; zero for none
 * @param check    the check's query (e.g. a Prometheus expression), or null for none
 * @param approval whether a person approves each next wave
 */
public record WaveGates(Duration soak, String check, boolean approval) {

    public static final WaveGates NONE = new WaveGates(Duration.ZERO, null, false);

    public WaveGates {
        soak = soak == null ? Duration.ZERO : soak;
        if (soak.isNegative() || soak.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidValueException("a soak time is 0 to 7 days, was " + soak);
        }
        if (check != null && (check.isBlank() || check.length() > 2_000)) {
            throw new InvalidValueException("a wave check is a query of 1 to 2000 characters");
        }
    }
}
