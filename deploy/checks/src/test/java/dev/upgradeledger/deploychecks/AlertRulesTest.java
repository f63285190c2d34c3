package dev.upgradeledger.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** deploy/prometheus: the rules are valid, their unit tests pass, and each alert the issue asks for is there. */
class AlertRulesTest {

    private final Path prometheus = DeployFiles.deploy().resolve("prometheus");

    @Test
    void theAlertRulesPassPromtoolsCheck() {
        Promtool.Result result = Promtool.run(prometheus, "check", "rules", "ledger-alerts.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theAlertRulesPassTheirUnitTests() {
        Promtool.Result result = Promtool.run(prometheus, "test", "rules", "ledger-alerts-test.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void promtoolRejectsABrokenRule(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yml"), """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum by (group (ledger_kafka_dead_letters_total)
                """);

        Promtool.Result result = Promtool.run(dir, "check", "rules", "broken.yml");

        assertThat(result.exitCode()).as("promtool must fail on a broken expression: " + result.output()).isNotZero();
    }

    @Test
    void everyAlertTheOperatorsNeedIsDefinedAndUnitTested() {
        List<String> alerts = alertNames();
        String tests = DeployFiles.read(prometheus.resolve("ledger-alerts-test.yml"));

        assertThat(alerts).contains("LedgerServiceDown", "LedgerPublisherStalled", "LedgerProjectionLagging",
                "LedgerUpgradePausedTooLong", "LedgerDeadLettersGrowing", "LedgerExecutorActionsTimingOut");
        assertThat(alerts).allSatisfy(alert -> assertThat(tests).as("a unit test of " + alert)
                .contains("alertname: " + alert));
        assertThat(alerts).doesNotHaveDuplicates();
    }

    @Test
    void thePrometheusConfigurationScrapesTheThreeServicesAndLoadsTheRules() {
        Promtool.Result result = Promtool.run(prometheus, "check", "config", "prometheus.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ledger-alerts.yml");
    }

    @SuppressWarnings("unchecked")
    private List<String> alertNames() {
        Map<String, Object> rules = new Yaml().load(DeployFiles.read(prometheus.resolve("ledger-alerts.yml")));
        return ((List<Map<String, Object>>) rules.get("groups")).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(rule -> (String) rule.get("alert"))
                .toList();
    }
}
