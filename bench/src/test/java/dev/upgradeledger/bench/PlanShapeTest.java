package dev.upgradeledger.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PlanShapeTest {

    /** The shape of command-api's 201 answer: a schema stage, then batches of 3 nodes x 4 stages. */
    private static final String ANSWER = """
            {"upgradeId":"u-76","decision":{"accepted":true,"dryRun":false,"hops":[{"from":"7.5","to":"7.6",
             "plan":{"stages":[
               {"index":0,"steps":[{"stepId":"s0.0"}]},
               {"index":1,"steps":[{"stepId":"s1.0"},{"stepId":"s1.1"},{"stepId":"s1.2"}]},
               {"index":2,"steps":[{"stepId":"s2.0"},{"stepId":"s2.1"},{"stepId":"s2.2"}]},
               {"index":3,"steps":[{"stepId":"s3.0"},{"stepId":"s3.1"},{"stepId":"s3.2"}]},
               {"index":4,"steps":[{"stepId":"s4.0"},{"stepId":"s4.1"},{"stepId":"s4.2"}]}]}},
             {"from":"7.6","to":"7.7","plan":{"stages":[{"index":0,"steps":[{"stepId":"s0.0"},{"stepId":"s0.1"}]}]}}]}}
            """;

    @Test
    void stagesStepsAndTheWidestStageAreCountedOverEveryHop() {
        PlanShape shape = PlanShape.of(LedgerApi.JSON.readTree(ANSWER));

        assertThat(shape).isEqualTo(new PlanShape(2, 6, 15, 3));
        assertThat(shape.criticalPath(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(12));
        assertThat(shape.serialPath(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(shape.describe(Duration.ofSeconds(2)))
                .isEqualTo("6 stages x 2000 ms = 12.0 s critical path (15 steps, at most 3 at once;"
                        + " 15 steps one after another = 30.0 s)");
    }

    @Test
    void aStageInTheCompactFormCountsItsNodesAsSteps() {
        // a large cluster's stages are written compactly (PlannedStageJson): one node id per step, no steps array
        PlanShape shape = PlanShape.of(LedgerApi.JSON.readTree("""
                {"decision":{"hops":[{"plan":{"stages":[
                  {"index":0,"steps":[{"stepId":"s0.0"}]},
                  {"index":1,"action":"ISOLATE_NODE","nodes":["engine-1","engine-2","engine-3","engine-4"]},
                  {"index":2,"action":"UPGRADE_NODE","nodes":["engine-1","engine-2","engine-3","engine-4"]}]}}]}}
                """));

        assertThat(shape).isEqualTo(new PlanShape(1, 3, 9, 4));
    }

    @Test
    void aPlanShownInPartIsCountedFromItsHopsCounts() {
        // command-api answers the first stages of a large plan (ledger.upgrades.answer-stage-limit), with the counts
        PlanShape shape = PlanShape.of(LedgerApi.JSON.readTree("""
                {"decision":{"planComplete":false,"hops":[{"stageCount":40004,"stepCount":50002,"plan":{"stages":[
                  {"index":0,"steps":[{"stepId":"s0.0"}]},
                  {"index":1,"action":"REMOVE_PEER","nodes":["peer-2","peer-3","peer-4"]}]}}]}}
                """));

        assertThat(shape).isEqualTo(new PlanShape(1, 40004, 50002, 3));
    }

    @Test
    void aRefusalOrAnotherAnswerHasNoKnownShape() {
        PlanShape shape = PlanShape.of(LedgerApi.JSON.readTree("{\"decision\":{\"accepted\":false,\"hops\":[]}}"));

        assertThat(shape.known()).isFalse();
        assertThat(shape.describe(Duration.ofMillis(20))).isEqualTo("plan unknown");
        assertThat(PlanShape.of(LedgerApi.JSON.readTree("{\"status\":422}"))).isEqualTo(PlanShape.UNKNOWN);
    }
}
