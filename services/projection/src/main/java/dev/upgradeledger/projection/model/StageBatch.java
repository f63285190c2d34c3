package dev.upgradeledger.projection.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch a stage belongs to, read from the stage's description in the plan ({@code batch 2 of 3: isolate ...},
 * as the rolling strategy names its stages). Stages of other strategies belong to no batch.
 *
 * @param number the batch, from 1
 * @param of     how many batches the plan has
 */
public record StageBatch(int number, int of) {

    private static final Pattern PREFIX = Pattern.compile("^batch (\\d{1,9}) of (\\d{1,9}):");

    public static Optional<StageBatch> of(String stageDescription) {
        if (stageDescription == null) {
            return Optional.empty();
        }
        Matcher matcher = PREFIX.matcher(stageDescription);
        if (!matcher.find()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(matcher.group(1));
        int of = Integer.parseInt(matcher.group(2));
        return number >= 1 && number <= of ? Optional.of(new StageBatch(number, of)) : Optional.empty();
    }
}
