package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.InvalidValueException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A maintenance window: it opens at every minute a five-field cron expression names ({@code minute hour day-of-month
 * month day-of-week}, read in the window's time zone) and stays open for {@code duration}. Fields take {@code *},
 * numbers, ranges {@code a-b}, lists {@code a,b} and steps {@code * /n} or {@code a-b/n}; months and days of the week
 * also take names ({@code JAN}, {@code MON}; Sunday is 0 or 7). As in cron, when both the day of the month and the day
 * of the week are restricted, a day matching either one matches. A local time skipped by a daylight-saving change
 * opens the window at the first instant after the gap; a repeated one opens it at its first occurrence.
 *
 * @param cron     the expression as given
 * @param duration how long the window stays open, 1 minute to 7 days
 * @param zone     the time zone the expression is read in
 */
public record MaintenanceWindow(String cron, Duration duration, ZoneId zone) {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** The search for the next opening gives up after this many days (covers every 29 February). */
    private static final int SEARCH_DAYS = 366 * 8;

    public MaintenanceWindow {
        if (cron == null || cron.length() > 120) {
            throw new InvalidValueException("a maintenance window's cron has five fields (minute hour day-of-month"
                    + " month day-of-week), at most 120 characters");
        }
        if (duration == null || duration.compareTo(Duration.ofMinutes(1)) < 0
                || duration.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidValueException("a maintenance window lasts 1 minute to 7 days, was " + duration);
        }
        if (zone == null) {
            throw new InvalidValueException("a maintenance window needs a time zone such as Europe/Berlin or UTC");
        }
        new Fields(cron);
    }

    /** A window from text: a cron expression, a duration such as {@code PT4H}, a zone id such as {@code UTC}. */
    public static MaintenanceWindow of(String cron, String duration, String zone) {
        if (duration == null || zone == null) {
            throw new InvalidValueException("a maintenance window needs cron, duration (e.g. PT4H) and zone (e.g. UTC)");
        }
        try {
            return new MaintenanceWindow(cron, Duration.parse(duration), ZoneId.of(zone));
        } catch (DateTimeException e) {
            throw new InvalidValueException("a maintenance window needs an ISO-8601 duration such as PT4H and a time"
                    + " zone id such as Europe/Berlin");
        }
    }

    /** Whether the window is open at {@code instant}. */
    public boolean isOpen(Instant instant) {
        return nextStartAfter(instant.minus(duration)).filter(start -> !start.isAfter(instant)).isPresent();
    }

    /** {@code instant} when the window is open then, else the next instant it opens (empty: it never opens). */
    public Optional<Instant> openAtOrAfter(Instant instant) {
        return isOpen(instant) ? Optional.of(instant) : nextStartAfter(instant);
    }

    /** The first instant strictly after {@code after} at which the window opens. */
    public Optional<Instant> nextStartAfter(Instant after) {
        Fields fields = new Fields(cron);
        LocalDate day = after.atZone(zone).toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!fields.matches(day)) {
                continue;
            }
            for (int hour = fields.hours.nextSetBit(0); hour >= 0; hour = fields.hours.nextSetBit(hour + 1)) {
                for (int minute = fields.minutes.nextSetBit(0); minute >= 0;
                     minute = fields.minutes.nextSetBit(minute + 1)) {
                    Instant start = ZonedDateTime.of(day, LocalTime.of(hour, minute), zone).toInstant();
                    if (start.isAfter(after)) {
                        return Optional.of(start);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The parsed fields. */
    private static final class Fields {

        final BitSet minutes;
        final BitSet hours;
        final BitSet daysOfMonth;
        final BitSet months;
        final BitSet daysOfWeek;
        final boolean domRestricted;
        final boolean dowRestricted;

        Fields(String cron) {
            String[] parts = cron.trim().split("\\s+");
            if (parts.length != 5) {
                throw invalid(cron, "it needs five fields (minute hour day-of-month month day-of-week)");
            }
            minutes = field(cron, parts[0], 0, 59, List.of(), 0);
            hours = field(cron, parts[1], 0, 23, List.of(), 0);
            daysOfMonth = field(cron, parts[2], 1, 31, List.of(), 0);
            months = field(cron, parts[3], 1, 12, MONTHS, 1);
            daysOfWeek = field(cron, parts[4], 0, 7, DAYS, 0);
            if (daysOfWeek.get(7)) {
                daysOfWeek.set(0);
            }
            domRestricted = !parts[2].equals("*");
            dowRestricted = !parts[4].equals("*");
        }

        boolean matches(LocalDate day) {
            if (!months.get(day.getMonthValue())) {
                return false;
            }
            boolean dom = daysOfMonth.get(day.getDayOfMonth());
            boolean dow = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
            if (domRestricted && dowRestricted) {
                return dom || dow;
            }
            return dom && dow;
        }

        private static BitSet field(String cron, String text, int min, int max, List<String> names, int nameBase) {
            BitSet bits = new BitSet(max + 1);
            for (String item : text.split(",", -1)) {
                String range = item;
                int step = 1;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    range = item.substring(0, slash);
                    step = number(cron, item.substring(slash + 1), List.of(), 0);
                    if (step < 1) {
                        throw invalid(cron, "a step must be at least 1");
                    }
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.indexOf('-') > 0) {
                    from = number(cron, range.substring(0, range.indexOf('-')), names, nameBase);
                    to = number(cron, range.substring(range.indexOf('-') + 1), names, nameBase);
                } else {
                    from = number(cron, range, names, nameBase);
                    to = slash >= 0 ? max : from;
                }
                if (from < min || to > max || from > to) {
                    throw invalid(cron, "\"" + item + "\" is outside " + min + "-" + max);
                }
                for (int value = from; value <= to; value += step) {
                    bits.set(value);
                }
            }
            return bits;
        }

        private static int number(String cron, String text, List<String> names, int nameBase) {
            int named = names.indexOf(text.toUpperCase(java.util.Locale.ROOT));
            if (named >= 0) {
                return named + nameBase;
            }
            if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(Character::isDigit)) {
                throw invalid(cron, "\"" + text + "\" is not a number" + (names.isEmpty() ? "" : " or a name"));
            }
            return Integer.parseInt(text);
        }

        private static InvalidValueException invalid(String cron, String why) {
            return new InvalidValueException("maintenance window cron \"" + cron.replaceAll("\\p{Cntrl}", "?")
                    + "\" is not valid: " + why);
        }
    }
}
