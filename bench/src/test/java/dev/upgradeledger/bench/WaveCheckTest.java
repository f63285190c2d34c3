package dev.upgradeledger.bench;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WaveCheckTest {

    private static JsonNode fleet(String nodes, String actions) {
        return LedgerApi.JSON.readTree("{\"clusterId\":\"c\",\"nodes\":[" + nodes + "],\"actions\":[" + actions
                + "]}");
    }

    private static String action(String step, int attempt, int received) {
        return "{\"idempotencyKey\":\"c/u-76/" + step + "/" + attempt + "\",\"received\":" + received + "}";
    }

    private static final String UPGRADED = "{\"id\":\"engine-1\",\"version\":\"7.6\",\"isolated\":false},"
            + "{\"id\":\"engine-2\",\"version\":\"7.6\",\"isolated\":false}";

    @Test
    void everyStepOnceAndEveryCountEqualIsClean() {
        WaveCheck check = new WaveCheck();
        check.projection("c", "COMPLETED", 12, 12L);
        check.fleet("c", fleet(UPGRADED, action("s0.0", 1, 1) + "," + action("s1.0", 1, 2)), 2, "7.6");

        assertThat(check.clean()).isTrue();
        assertThat(check.toMap()).containsEntry("repeatedDeliveries", 1L).containsEntry("completed", 1);
        assertThat(check.describe()).contains("1 of 1 COMPLETED").contains("nothing lost or applied twice")
                .contains("repeated deliveries (de-duplicated) 1");
    }

    @Test
    void aStepActedOnUnderTwoKeysAMissingStepAndANodeLeftBehindAreProblems() {
        WaveCheck check = new WaveCheck();
        check.projection("c", "COMPLETED", 12, 12L);
        check.fleet("c", fleet("{\"id\":\"engine-1\",\"version\":\"7.5\",\"isolated\":true}",
                action("s0.0", 1, 1) + "," + action("s0.0", 2, 1)), 3, "7.6");

        assertThat(check.clean()).isFalse();
        assertThat(check.toMap()).containsEntry("stepsActedOnTwice", 1).containsEntry("stepsMissing", 2)
                .containsEntry("nodesOffTarget", 1);
        assertThat((List<?>) check.toMap().get("problems")).hasSize(3);
    }

    @Test
    void aCountThatDiffersAFailedUpgradeAndAnUnknownClusterAreProblems() {
        WaveCheck check = new WaveCheck();
        check.projection("a", "PAUSED", 10, 10L);
        check.projection("b", "COMPLETED", 11, 12L);
        check.projection("c", "COMPLETED", 12, null);
        check.fleet("d", null, 25, "7.6");

        assertThat(check.clean()).isFalse();
        assertThat(check.completed()).isEqualTo(2);
        assertThat(check.toMap()).containsEntry("eventCountsCompared", 1).containsEntry("eventCountMismatches", 1)
                .containsEntry("fleetUnavailable", 1);
        assertThat(check.describe()).contains("2 of 3 COMPLETED").contains("{PAUSED=1}")
                .contains("equal for 0 of 1").contains("PROBLEMS");
    }

    @Test
    void upgradesStillRunningAfterATimeOutAreNotCheckedAndNotProblems() {
        WaveCheck check = new WaveCheck();
        check.projection("a", "RUNNING", 10, 14L);
        check.projection("b", "COMPLETED", 12, 12L);

        assertThat(check.clean()).isTrue();
        assertThat(check.toMap()).containsEntry("eventCountsCompared", 1).containsEntry("eventCountMismatches", 0);
        assertThat(check.describe()).contains("1 of 2 COMPLETED in the projection (others: {RUNNING=1})")
                .contains("nothing lost or applied twice among the 1 completed (the others were not checked)");
    }

    @Test
    void theStepOfAKeyIsTheKeyWithoutItsAttempt() {
        assertThat(WaveCheck.stepOf("wave-x-1/u-76/s3.0/2")).isEqualTo("wave-x-1/u-76/s3.0");
        assertThat(WaveCheck.stepOf("odd")).isEqualTo("odd");
    }

    @Test
    void aSampleIsSpreadOverTheWave() {
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertThat(WaveSection.sample(ids, 3)).containsExactly("a", "d", "g");
        assertThat(WaveSection.sample(ids, 100)).isSameAs(ids);
    }

    @Test
    void lagIsWhatTheReadModelsDoNotIncludeYet() {
        assertThat(KafkaAdmin.lag(java.util.Map.of(0, 10L, 1, 5L, 2, 0L), java.util.Map.of(0, 9L, 1, 2L)))
                .isEqualTo(2);
        assertThat(KafkaAdmin.total(java.util.Map.of(0, 10L, 1, 5L))).isEqualTo(15);
    }
}
