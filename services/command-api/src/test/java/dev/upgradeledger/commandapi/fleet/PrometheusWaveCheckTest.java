package dev.upgradeledger.commandapi.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.commandapi.fleet.WaveCheck.Verdict;
import dev.upgradeledger.testsupport.TestPrometheus;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Prometheus check against an HTTP server answering in Prometheus's API format ({@link TestPrometheus}). */
class PrometheusWaveCheckTest {

    private final TestPrometheus prometheus = TestPrometheus.get();
    private final PrometheusWaveCheck check = new PrometheusWaveCheck(prometheus.baseUrl() + "/", Duration.ofSeconds(5),
            Clock.systemUTC());
    private final String query = "sum(rate(engine_errors_total{job=\"" + UUID.randomUUID() + "\"}[5m])) < 1";

    @Test
    void aSampleHoldsNoSampleFailsAndTheQueryIsSentEncodedAsGiven() {
        prometheus.holds(query, 0.25);
        WaveCheck.Result held = check.evaluate(query);
        assertThat(held.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(held.value()).isEqualTo(0.25);
        assertThat(prometheus.queries()).contains(query);

        prometheus.fails(query);
        WaveCheck.Result failed = check.evaluate(query);
        assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(failed.value()).isNull();
        assertThat(failed.detail()).contains("no sample");
    }

    @Test
    void aScalarHoldsUnlessZero() {
        prometheus.answer(query, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1733560000.1,\"1\"]}}");
        assertThat(check.evaluate(query).verdict()).isEqualTo(Verdict.PASSED);
        prometheus.answer(query, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1733560000.1,\"0\"]}}");
        assertThat(check.evaluate(query).verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void anErrorStatusAWrongShapeOrNoServerIsUnreachable() {
        prometheus.answer(query, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
        WaveCheck.Result error = check.evaluate(query);
        assertThat(error.verdict()).isEqualTo(Verdict.UNREACHABLE);
        prometheus.answer(query, 200, "<html>not prometheus</html>");
        assertThat(check.evaluate(query).verdict()).isEqualTo(Verdict.UNREACHABLE);
        prometheus.answer(query, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
        assertThat(check.evaluate(query).detail()).contains("matrix");
        WaveCheck.Result down = new PrometheusWaveCheck("http://127.0.0.1:1", Duration.ofSeconds(2),
                Clock.systemUTC()).evaluate(query);
        assertThat(down.verdict()).isEqualTo(Verdict.UNREACHABLE);
        assertThat(down.detail()).contains("did not answer");
        assertThat(new PrometheusWaveCheck("", Duration.ofSeconds(2), Clock.systemUTC()).available()).isFalse();
    }

    @Test
    void theBaseUrlIsAPlainHttpUrl() {
        for (String bad : new String[] {"file:///etc/passwd", "http://user:pw@prometheus:9090", "http://p:9090/?q=1",
                "prometheus:9090"}) {
            assertThatThrownBy(() -> new PrometheusWaveCheck(bad, Duration.ofSeconds(1), Clock.systemUTC()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
