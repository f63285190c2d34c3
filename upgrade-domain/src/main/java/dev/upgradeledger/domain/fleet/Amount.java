package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.InvalidValueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of clusters given as a count ({@code 12}) or a percentage of the fleet ({@code 20%}).
 *
 * @param value the text as given
 */
public record Amount(String value) {

    private static final Pattern FORMAT = Pattern.compile("(0|[1-9][0-9]{0,5})(%?)");

    public Amount {
        if (value == null || !FORMAT.matcher(value).matches()
                || (value.endsWith("%") && Integer.parseInt(value.substring(0, value.length() - 1)) > 100)) {
            throw new InvalidValueException("a fleet amount is a count such as 2 or a percentage up to 100% such as"
                    + " 20%, was " + (value == null ? "null" : "\"" + value.replaceAll("\\p{Cntrl}", "?") + "\""));
        }
    }

    public static Amount of(String value) {
        return new Amount(value);
    }

    public boolean percentage() {
        return value.endsWith("%");
    }

    /** The count out of {@code total}: a percentage rounds up (a wave or a canary moves at least one cluster). */
    public int ceilOf(int total) {
        Matcher matcher = matcher();
        int number = Integer.parseInt(matcher.group(1));
        return matcher.group(2).isEmpty() ? number : (int) ((total * (long) number + 99) / 100);
    }

    /** The count out of {@code total}: a percentage rounds down (a budget never allows more than it says). */
    public int floorOf(int total) {
        Matcher matcher = matcher();
        int number = Integer.parseInt(matcher.group(1));
        return matcher.group(2).isEmpty() ? number : (int) (total * (long) number / 100);
    }

    private Matcher matcher() {
        Matcher matcher = FORMAT.matcher(value);
        matcher.matches();
        return matcher;
    }

    @Override
    public String toString() {
        return value;
    }
}
