package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.domain.rules.VersionScheme;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The current versions a fleet upgrade selects: one version ({@code 7.5}) or bounds separated by spaces
 * ({@code >=1.0.7 <1.1.0}; operators {@code >=}, {@code >}, {@code <=}, {@code <}, {@code =}), ordered by the
 * {@link VersionScheme#NUMERIC numeric scheme}. A version the scheme cannot order matches only an exact bound.
 *
 * @param text the range as given
 */
public record VersionRange(String text, List<Bound> bounds) {

    /** One bound: an operator and a version. */
    public record Bound(String operator, Version version) {
    }

    public VersionRange {
        bounds = List.copyOf(bounds);
    }

    public static VersionRange parse(String text) {
        if (text == null || text.isBlank() || text.length() > 200) {
            throw new InvalidValueException("a version range is a version such as 7.5 or bounds such as"
                    + " \">=1.0.7 <1.1.0\" (at most 200 characters)");
        }
        List<Bound> bounds = new ArrayList<>();
        for (String part : text.trim().split("[\\s,]+")) {
            String operator = part.startsWith(">=") || part.startsWith("<=") ? part.substring(0, 2)
                    : part.startsWith(">") || part.startsWith("<") || part.startsWith("=") ? part.substring(0, 1) : "=";
            String version = part.substring(part.startsWith(operator) ? operator.length() : 0);
            bounds.add(new Bound(operator, Version.of(version)));
        }
        return new VersionRange(text.trim(), bounds);
    }

    /** Whether {@code version} lies within every bound. */
    public boolean contains(Version version) {
        for (Bound bound : bounds) {
            if (bound.operator().equals("=")) {
                if (!bound.version().equals(version)
                        && !VersionScheme.NUMERIC.compare(version, bound.version()).map(c -> c == 0).orElse(false)) {
                    return false;
                }
                continue;
            }
            Optional<Integer> order = VersionScheme.NUMERIC.compare(version, bound.version());
            if (order.isEmpty()) {
                return false;
            }
            int c = order.get();
            boolean inside = switch (bound.operator()) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                default -> c < 0;
            };
            if (!inside) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
