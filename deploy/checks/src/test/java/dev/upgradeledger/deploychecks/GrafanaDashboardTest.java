package dev.upgradeledger.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/grafana/upgrade-ledger.json: a dashboard Grafana can import (the fields its schema requires, every panel
 * placed inside the 24-column grid without overlaps, every query on the templated Prometheus data source), and every
 * query valid PromQL (checked by promtool as recording rules).
 */
class GrafanaDashboardTest {

    private final JsonNode dashboard = JsonMapper.builder().build()
            .readTree(DeployFiles.read(DeployFiles.deploy().resolve("grafana/upgrade-ledger.json")));

    @Test
    void hasTheFieldsGrafanaNeedsToImportIt() {
        assertThat(dashboard.path("uid").asString()).matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.path("title").asString()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("panels").isArray()).isTrue();
        assertThat(dashboard.at("/templating/list/0/type").asString()).isEqualTo("datasource");
        assertThat(dashboard.at("/templating/list/0/query").asString()).isEqualTo("prometheus");
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlapInTheGrid() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id " + panel.path("id")).isTrue();
            assertThat(panel.path("type").asString()).isIn("row", "timeseries", "stat");
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int y = grid.path("y").asInt();
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            assertThat(w).as(panel.path("title").asString()).isPositive();
            assertThat(h).isPositive();
            assertThat(x + w).as(panel.path("title").asString() + " fits the 24 columns").isLessThanOrEqualTo(24);
            for (int column = x; column < x + w; column++) {
                for (int row = y; row < y + h; row++) {
                    assertThat(cells.add(column + "," + row)).as(panel.path("title") + " overlaps another panel")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyQueryUsesTheTemplatedPrometheusDataSource() {
        assertThat(panelsWithQueries()).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.at("/datasource/uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).allSatisfy(target -> {
                assertThat(target.path("expr").asString()).isNotBlank();
                assertThat(target.path("refId").asString()).isNotBlank();
            });
        });
    }

    @Test
    void everyQueryIsValidPromQL(@TempDir Path dir) throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expr : queries()) {
            String concrete = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m");
            rules.append("      - record: dashboard:query").append(n++).append("\n        expr: '")
                    .append(concrete.replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard-queries.yml"), rules);

        Promtool.Result result = Promtool.run(dir, "check", "rules", "dashboard-queries.yml");

        assertThat(result.exitCode()).as(rules + result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void showsCommandsPublishingExecutorActionsAndProjectionLag() {
        assertThat(String.join("\n", queries())).contains("ledger_commands_seconds_count", "ledger_publisher_lag",
                "ledger_executor_action_duration_seconds_count", "kafka_consumer_fetch_manager_records_lag",
                "ledger_kafka_dead_letters_total", "ledger_projection_events_total");
    }

    private List<JsonNode> panelsWithQueries() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if (!panel.path("targets").isEmpty()) {
                panels.add(panel);
            }
        });
        return panels;
    }

    private List<String> queries() {
        return panelsWithQueries().stream()
                .flatMap(panel -> panel.path("targets").valueStream())
                .map(target -> target.path("expr").asString())
                .toList();
    }
}
