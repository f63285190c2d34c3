package dev.upgradeledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InputLimitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "10.0.0.1:8080", "engine-1.prod.example.com", "node7:22", "[::1]:9094",
            "[2001:db8::1]", "localhost"})
    void acceptsHostsAndHostPorts(String address) {
        assertThatCode(() -> register(address, null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=touch /tmp/pwned", "-oProxyCommand=nc", "$(touch /tmp/pwned)",
            "`touch /tmp/pwned`", "10.0.0.1\ntouch /tmp/pwned", "10.0.0.1;id", "10.0.0.1|id", "10.0.0.1&&id",
            "http://10.0.0.1/", "root@10.0.0.1", "10.0.0.1:0", "10.0.0.1:70000", "10.0.0.1:", "'10.0.0.1'",
            "\"10.0.0.1\"", "host/path", "host?x=1", "host#x", "-host", "host-", ".host", "10.0.0.1 ", "",
            "10.0.0.1\r", "${IFS}", "host\u0000"})
    void refusesAnyAddressAShellAnOptionParserOrAUrlWouldReadAsMore(String address) {
        assertThatThrownBy(() -> register(address, null)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("node address");
        assertThatThrownBy(() -> new AddNode(ClusterId.of("c1"), new NodeSpec(NodeId.of("n2"), address, null), null))
                .isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$(id)", "`id`", "-oProxyCommand=x", "zone a", "zone\nb", "zone;b"})
    void refusesAGroupThatCouldReachACommandAsMore(String group) {
        assertThatThrownBy(() -> register("10.0.0.1:8080", group)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("node group");
    }

    @Test
    void boundsReasonsFailuresAndFacts() {
        String longText = "x".repeat(InputLimits.MAX_REASON + 1);
        assertThatThrownBy(() -> new PauseUpgrade(ClusterId.of("c1"), UpgradeId.of("u1"), longText))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new RetireCluster(ClusterId.of("c1"), longText))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new StepOutcome.Failed("x".repeat(65), "m", false))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new StepOutcome.Failed("code", "m".repeat(InputLimits.MAX_FAILURE_MESSAGE + 1),
                false)).isInstanceOf(InvalidValueException.class);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= InputLimits.MAX_FACTS; i++) {
            many.put("fact" + i, "v");
        }
        assertThatThrownBy(() -> new StepOutcome.Succeeded(many)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new StepOutcome.Succeeded(Map.of("$(id)", "v")))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new StepOutcome.Succeeded(Map.of("k", "v".repeat(InputLimits.MAX_FACT_VALUE + 1))))
                .isInstanceOf(InvalidValueException.class);
        assertThat(new StepOutcome.Succeeded(Map.of("checksum", "sha256:1")).facts()).hasSize(1);
    }

    @Test
    void anErrorQuotesAtMostTheStartOfWhatItRefused() {
        assertThatThrownBy(() -> register("x".repeat(10_000) + " y", null))
                .hasMessageNotContaining("x".repeat(100));
    }

    private static RegisterCluster register(String address, String group) {
        return new RegisterCluster(ClusterId.of("c1"), "camunda", Version.of("7.5"), null,
                List.of(new NodeSpec(NodeId.of("n1"), address, group)));
    }
}
