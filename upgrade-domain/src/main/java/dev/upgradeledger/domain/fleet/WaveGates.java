package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.InvalidValueException;
import java.time.Duration;
import java.util.regex.Pattern;

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

    /** The longest check query. */
    public static final int MAX_CHECK_LENGTH = 1_000;
    /** The characters of a check query: no control characters, no line breaks, no shell or template syntax. */
    private static final Pattern CHECK_CHARACTERS = Pattern.compile("[A-Za-z0-9 _:.,()\\[\\]{}\"'=!~<>+*/%^|&@-]+");

    public static final WaveGates NONE = new WaveGates(Duration.ZERO, null, false);

    public WaveGates {
        soak = soak == null ? Duration.ZERO : soak;
        if (soak.isNegative() || soak.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidValueException("a soak time is 0 to 7 days, was " + soak);
        }
        if (check != null && (check.isBlank() || check.length() > MAX_CHECK_LENGTH
                || !CHECK_CHARACTERS.matcher(check).matches())) {
            throw new InvalidValueException("a wave check is a query (e.g. a Prometheus expression) of 1 to "
                    + MAX_CHECK_LENGTH + " characters among letters, digits, spaces and _:.,()[]{}\"'=!~<>+-*/%^|&@");
        }
    }
}
