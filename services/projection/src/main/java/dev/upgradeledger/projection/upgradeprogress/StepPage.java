package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.events.InvalidValueException;

/**
 * Which of an upgrade's steps to answer, in plan, stage and step order: those after the step at {@code after} (null:
 * from the first), at most {@code limit}. The cursor is {@code <plan>.<stage>.<step>}, the {@code next} of the
 * previous page.
 */
public record StepPage(Position after, int limit) {

    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 2_000;

    public StepPage {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The page after {@code cursor} (null for the first), checked. */
    public static StepPage of(String cursor, Integer limit) {
        return new StepPage(cursor == null ? null : Position.parse(cursor), limit == null ? DEFAULT_LIMIT : limit);
    }

    /** A step's place: plan, stage and the step's index in its stage. */
    public record Position(int plan, int stage, int step) {

        static Position parse(String cursor) {
            String[] parts = cursor.split("\\.", -1);
            if (parts.length != 3 || cursor.length() > 40) {
                throw invalid(cursor);
            }
            try {
                Position position = new Position(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]));
                if (position.plan < 0 || position.stage < 0 || position.step < 0) {
                    throw invalid(cursor);
                }
                return position;
            } catch (NumberFormatException e) {
                throw invalid(cursor);
            }
        }

        private static InvalidValueException invalid(String cursor) {
            return new InvalidValueException("after must be the next value of a previous page (plan.stage.step), was "
                    + (cursor.length() > 40 ? cursor.substring(0, 40) + "..." : cursor));
        }

        String cursor() {
            return plan + "." + stage + "." + step;
        }
    }
}
