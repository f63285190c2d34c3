package dev.upgradeledger.events;

import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Steps that may run at the same time; the next stage starts when all of them succeeded.
 *
 * <p>Its JSON form is {@link PlannedStageJson}: compact for large stages.
 *
 * @param description what the stage does, e.g. {@code batch 2 of 3: isolate engine-3, engine-4}
 */
@JsonSerialize(using = PlannedStageJson.Writer.class)
@JsonDeserialize(using = PlannedStageJson.Reader.class)
public record PlannedStage(int index, String description, List<PlannedStep> steps) {

    public PlannedStage {
        Validation.require(steps != null && !steps.isEmpty(), "a stage has at least one step");
        steps = List.copyOf(steps);
    }
}
