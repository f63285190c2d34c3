package dev.upgradeledger.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many nodes a rolling upgrade may take out of service at once: a count ({@code 2}) or a percentage of the
 * cluster ({@code 33%}).
 */
public record MaxUnavailable(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})(%?)");

    @JsonCreator
    public MaxUnavailable {
        Validation.require(value != null && FORMAT.matcher(value).matches(),
                "maxUnavailable must be a positive count such as 2 or a percentage such as 33%, was "
                        + Validation.quote(value));
        Validation.require(!value.endsWith("%") || Integer.parseInt(value.substring(0, value.length() - 1)) <= 100,
                "maxUnavailable as a percentage must be at most 100%, was " + value);
    }

    public static MaxUnavailable of(String value) {
        return new MaxUnavailable(value);
    }

    /**
     * The number of nodes out of service at once in a cluster of {@code nodes}: a percentage rounds down, at least
     * one node moves, and when there are two or more nodes, never all of them.
     */
    public int resolve(int nodes) {
        Matcher matcher = FORMAT.matcher(value);
        matcher.matches();
        int number = Integer.parseInt(matcher.group(1));
        int count = matcher.group(2).isEmpty() ? number : nodes * number / 100;
        int upper = nodes >= 2 ? nodes - 1 : 1;
        return Math.max(1, Math.min(count, upper));
    }

    @Override
    public String toString() {
        return value;
    }
}
