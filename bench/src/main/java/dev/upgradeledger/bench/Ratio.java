package dev.upgradeledger.bench;

import java.util.Locale;

/**
 * A ledger figure beside the limit it is bound by, measured in the same run: the ratio of the two, so that runs on
 * machines of different speed (or the same machine under other load) can be compared.
 */
final class Ratio {

    private Ratio() {
    }

    /** value / limit; NaN when the limit was not measured (or is not positive) or the value is not a number. */
    static double of(double value, double limit) {
        if (!(limit > 0) || Double.isNaN(value) || Double.isInfinite(limit)) {
            return Double.NaN;
        }
        return value / limit;
    }

    /** "4.2%" below 1, "2.8x" from 1 on, "n/a" when unknown; two significant digits (three from 100x on). */
    static String format(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "n/a";
        }
        if (ratio < 1) {
            return significant(ratio * 100) + "%";
        }
        return significant(ratio) + "x";
    }

    /** "4.2% of <limit> (<its value>)", "2.8x <limit> (<its value>)", or "n/a (<limit> not measured)". */
    static String of(double value, double limit, String limitLabel) {
        double ratio = of(value, limit);
        if (Double.isNaN(ratio)) {
            return "n/a (" + limitLabel + " not measured)";
        }
        return format(ratio) + (ratio < 1 ? " of " : " ") + limitLabel + " (" + Report.number(limit) + ")";
    }

    /** For the JSON file: the ratio rounded to 4 significant digits, or null when unknown. */
    static Double data(double value, double limit) {
        double ratio = of(value, limit);
        if (Double.isNaN(ratio)) {
            return null;
        }
        return Double.parseDouble(String.format(Locale.ROOT, "%.4g", ratio));
    }

    private static String significant(double value) {
        if (value == 0) {
            return "0";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 1) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        // two significant digits below 1
        int decimals = (int) Math.ceil(-Math.log10(value)) + 1;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
