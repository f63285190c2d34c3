package dev.upgradeledger.executor.driver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.ActionResult.Failed;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the driver makes of an agent's reply. */
class AgentAnswersTest {

    private static final String AGENT = "agent 10.0.0.7:7070 for upgrade-node";

    @Test
    void aSucceededAnswerCarriesItsFactsAsText() {
        ActionResult result = AgentAnswers.read(200,
                "{\"status\":\"SUCCEEDED\",\"facts\":{\"checksum\":\"sha256:ab\",\"rows\":12,\"clean\":true}}", AGENT);

        assertThat(result).isEqualTo(ActionResult.succeeded(Map.of("checksum", "sha256:ab", "rows", "12",
                "clean", "true")));
    }

    @Test
    void aSucceededAnswerWithoutFactsHasNone() {
        assertThat(AgentAnswers.read(200, "{\"status\":\"SUCCEEDED\"}", AGENT)).isEqualTo(ActionResult.succeeded());
    }

    @Test
    void aFailedAnswerIsPassedOnAsTheAgentSaidIt() {
        ActionResult result = AgentAnswers.read(200,
                "{\"status\":\"FAILED\",\"code\":\"disk-full\",\"message\":\"no space left\",\"retryable\":false}",
                AGENT);

        assertThat(result).isEqualTo(ActionResult.failed("disk-full", "no space left", false));
    }

    @Test
    void aFailedAnswerWithoutMessageReadsAsItsCode() {
        assertThat(AgentAnswers.read(200, "{\"status\":\"FAILED\",\"code\":\"busy\",\"retryable\":true}", AGENT))
                .isEqualTo(ActionResult.failed("busy", "busy", true));
    }

    @ParameterizedTest(name = "HTTP {0} is {1}, retryable {2}")
    @CsvSource({"500, http-5xx, true", "503, http-5xx, true", "400, http-4xx, false", "401, http-4xx, false",
            "404, http-4xx, false", "204, bad-answer, false", "302, bad-answer, false"})
    void aStatusOtherThan200IsAFailure(int status, String code, boolean retryable) {
        ActionResult result = AgentAnswers.read(status, "{\"status\":\"SUCCEEDED\"}", AGENT);

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(code);
            assertThat(failed.retryable()).isEqualTo(retryable);
            assertThat(failed.message()).startsWith(AGENT).contains(String.valueOf(status));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "\"SUCCEEDED\"", "{}", "{\"status\":\"DONE\"}",
            "{\"status\":\"succeeded\"}", "{\"status\":1}", "{\"status\":\"SUCCEEDED\",\"facts\":[]}",
            "{\"status\":\"SUCCEEDED\",\"facts\":{\"checksum\":{\"a\":1}}}",
            "{\"status\":\"SUCCEEDED\",\"facts\":{\"checksum\":null}}",
            "{\"status\":\"FAILED\",\"code\":\"x\",\"message\":\"m\"}",
            "{\"status\":\"FAILED\",\"code\":\"x\",\"message\":\"m\",\"retryable\":\"yes\"}",
            "{\"status\":\"FAILED\",\"message\":\"m\",\"retryable\":true}",
            "{\"status\":\"FAILED\",\"code\":\" \",\"message\":\"m\",\"retryable\":true}"})
    void aBodyThatIsNotTheContractIsANonRetryableBadAnswer(String body) {
        ActionResult result = AgentAnswers.read(200, body, AGENT);

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("bad-answer");
            assertThat(failed.retryable()).isFalse();
        });
    }
}
