package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.TestIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The {@code ledger} command line as an SRE types it: the real launcher ({@code cli/bin/ledger}) as a process against
 * the three service jars, through a Camunda rolling upgrade with a fault: register from a YAML file, plan, a refused
 * plan, upgrade followed live until it pauses, diagnose, resume followed until it completes, history, time travel,
 * finalize.
 */
class LedgerCliIT {

    private static final Logger log = LoggerFactory.getLogger(LedgerCliIT.class);

    private static Map<String, String> cliEnvironment;

    @TempDir
    static Path home;

    @BeforeAll
    static void startServices() throws Exception {
        ThreeServices services = ThreeServices.get();
        cliEnvironment = Map.of(
                "LEDGER_SERVER", services.commandApi.baseUrl().toString(),
                "LEDGER_PROJECTION_SERVER", services.projection.baseUrl().toString(),
                "LEDGER_EXECUTOR_SERVER", services.executor.baseUrl().toString(),
                // a token of the test issuer: its subject is the actor recorded; admin, for the simulated fleet's faults
                "LEDGER_TOKEN", TestIssuer.get().token("sre-alice", "admin:*"),
                // no config file of the machine's user is read
                "HOME", home.toString());
    }

    @Test
    void anSreRunsACamundaRollingUpgradeWithAFaultFromTheCommandLine() throws Exception {
        String cluster = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.writeString(home.resolve(cluster + ".yaml"), """
                clusterId: %s
                product: camunda
                version: "7.5"
                nodes:
                  - {id: engine-1, address: "10.0.0.1:8080", group: zone-a}
                  - {id: engine-2, address: "10.0.0.2:8080", group: zone-b}
                  - {id: engine-3, address: "10.0.0.3:8080", group: zone-c}
                catalog:
                  lines:
                    - {name: "7.4", versions: ["7.4"]}
                    - {name: "7.5", versions: ["7.5"]}
                    - {name: "7.6", versions: ["7.6"]}
                  rules: {consecutiveWithinLine: false, noRollingAcrossLines: false}
                """.formatted(cluster));

        Cli register = ledger("cluster", "register", "-f", file.toString());
        assertThat(register.exitCode()).as(register.err()).isZero();
        assertThat(register.out()).contains("cluster " + cluster + " registered: camunda 7.5, 3 node(s)");

        Cli plan = ledger("upgrade", "plan", cluster, "--to", "7.6", "--strategy", "ROLLING", "--max-unavailable",
                "33%", "--schema-change", "ADDITIVE");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("nothing was recorded", "Hop 1: 7.5 -> 7.6 (schema 7.6), 13 stages, 13 steps",
                "migrate schema 7.5 -> 7.6 (additive)", "batch 2 of 3: verify engine-2", "VERIFY_NODE engine-2");
        Cli firstStages = ledger("upgrade", "plan", cluster, "--to", "7.6", "--strategy", "ROLLING",
                "--max-unavailable", "33%", "--schema-change", "ADDITIVE", "--stages", "4");
        assertThat(firstStages.exitCode()).as(firstStages.err()).isZero();
        assertThat(firstStages.out()).contains("Hop 1: 7.5 -> 7.6 (schema 7.6), 13 stages, 13 steps",
                "(the first 4 of 13 stages shown)").doesNotContain("batch 2 of 3: verify engine-2");

        Cli refused = ledger("upgrade", "plan", cluster, "--to", "7.4", "--strategy", "OFFLINE");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("error: 7.5 -> 7.4 is a downgrade", "upgrade-rejected (command-api"
                + " answered 422)", "rule:          no-downgrade");

        Cli fault = ledger("fault", "add", "--cluster", cluster, "--node", "engine-2", "--action", "VERIFY_NODE");
        assertThat(fault.exitCode()).as(fault.err()).isZero();

        // a second SRE follows the upgrade for a script from before it starts: its events, as JSON lines
        Running watching = start("upgrade", "get", "u-76", "--cluster", cluster, "--watch", "-o", "json",
                "--timeout", "240s");
        Cli upgrade = ledger("upgrade", "start", cluster, "--id", "u-76", "--to", "7.6", "--strategy", "ROLLING",
                "--max-unavailable", "33%", "--schema-change", "ADDITIVE", "--watch", "--timeout", "240s");
        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isEqualTo(3);
        assertThat(upgrade.out()).contains("upgrade u-76 started on " + cluster + " -> 7.6",
                "upgrade u-76 PAUSED: step s7.0 (VERIFY_NODE on engine-2) failed: injected-failure",
                "why:  ledger diagnose u-76 --cluster " + cluster,
                "then: ledger upgrade resume " + cluster + " u-76 --watch");
        assertThat(upgrade.out().lines().filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  (RUNNING|PAUSED) .*")))
                .as("a line per status while it ran").hasSizeGreaterThanOrEqualTo(2);
        assertThat(upgrade.out().lines().map(line -> line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d  ", "")))
                .as("a bar per stage as the stages advanced, from the stream")
                .contains("  stage 3   [##########] 1/1 SUCCEEDED  batch 1 of 3: verify engine-1",
                        "  stage 7   [----------] 0/1 FAILED     batch 2 of 3: verify engine-2")
                .containsSubsequence("  stage 7   [----------] 0/1 FAILED     batch 2 of 3: verify engine-2",
                        "PAUSED       [###########---------] 7/13 steps, nodes 2/3, stage 7: batch 2 of 3: verify"
                                + " engine-2");

        Cli diagnosis = ledger("diagnose", "u-76", "--cluster", cluster);
        assertThat(diagnosis.exitCode()).as(diagnosis.err()).isZero();
        assertThat(diagnosis.out()).contains("Status:           PAUSED", "Failed:           yes",
                "STEP_FAILED", "s7.0 VERIFY_NODE on engine-2, attempt 1 of 3",
                "injected-failure: simulated VERIFY_NODE failed (injected) (not retryable)", "Consequence:      PAUSED",
                "Causal chain", "UpgradeRequested");

        Cli watcher = watching.finish();
        assertThat(watcher.exitCode()).as(watcher.out() + watcher.err()).isEqualTo(3);
        List<JsonNode> lines = watcher.out().lines().map(ApiClient::json).toList();
        assertThat(lines.subList(0, lines.size() - 1)).as("the upgrade's events as JSON lines, from the stream")
                .allSatisfy(line -> assertThat(line.at("/event/upgradeId").asString()).isEqualTo("u-76"))
                .extracting(line -> line.at("/event/eventType").asString())
                .contains("StepStarted", "StepFailed").last().isEqualTo("UpgradePaused");
        assertThat(lines.get(lines.size() - 1).at("/upgrade/status").asString()).isEqualTo("PAUSED");

        Cli resume = ledger("upgrade", "resume", cluster, "u-76", "--watch", "--timeout", "240s");
        assertThat(resume.exitCode()).as(resume.out() + resume.err()).isZero();
        assertThat(resume.out()).contains("upgrade u-76 on " + cluster + ": resumed", "upgrade u-76 COMPLETED",
                "ledger upgrade finalize " + cluster + " u-76",
                "  stage 12  [##########] 1/1 SUCCEEDED  batch 3 of 3: reintegrate engine-3");
        assertThat(resume.out()).doesNotContain("  PAUSED  ");

        Cli history = ledger("history", cluster, "--type", "StepFailed", "--type", "UpgradeResumed");
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out().lines().skip(1).map(line -> List.of(line.split("\\s{2,}"))))
                .extracting(columns -> columns.get(2) + " " + columns.get(3), columns -> columns.get(4))
                .as("event and actor, upgrade")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("StepFailed executor", "u-76"),
                        org.assertj.core.groups.Tuple.tuple("UpgradeResumed sre-alice", "u-76"));

        Cli before = ledger("state", cluster, "--sequence", "1", "-o", "json");
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(ApiClient.json(before.out()).at("/state/nodes").findValuesAsString("version"))
                .containsOnly("7.5");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cli gate = ledger("cluster", "gate", cluster, "-o", "json");
            assertThat(gate.exitCode()).as(gate.err()).isZero();
            assertThat(ApiClient.json(gate.out()).get("rule").asString())
                    .as("completed, not finalized: no new features yet").isEqualTo("finalize-before-next-upgrade");
        });

        Cli finalize = ledger("upgrade", "finalize", cluster, "u-76");
        assertThat(finalize.exitCode()).as(finalize.err()).isZero();
        assertThat(finalize.out()).contains("upgrade u-76 on " + cluster + ": finalized");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cli status = ledger("cluster", "get", cluster, "-o", "json");
            JsonNode json = ApiClient.json(status.out());
            assertThat(json.at("/cluster/status").asString()).isEqualTo("CONVERGED");
            assertThat(json.at("/cluster/upgrade/status").asString()).isEqualTo("FINALIZED");
            assertThat(json.get("nodes").findValuesAsString("version")).containsOnly("7.6");
        });
        Cli table = ledger("cluster", "get", cluster);
        log.info("ledger cluster get {}:\n{}", cluster, table.out());
        assertThat(table.out()).contains("Status:        CONVERGED", "Feature gate:  open: ")
                .containsPattern("engine-2 +- +zone-b +10\\.0\\.0\\.2:8080 +7\\.6");
    }

    record Cli(int exitCode, String out, String err) {
    }

    /** Runs cli/bin/ledger with these arguments, as a person would, and waits for it. */
    private static Cli ledger(String... args) throws IOException, InterruptedException {
        return start(args).finish();
    }

    /** A run of cli/bin/ledger that goes on while the test does other things. */
    private record Running(Process process, List<String> args, Path out, Path err) {

        Cli finish() throws IOException, InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("ledger " + String.join(" ", args) + " did not end within 5 minutes");
            }
            Cli cli = new Cli(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            log.info("$ ledger {}  -> exit {}\n{}{}", String.join(" ", args), cli.exitCode(), cli.out(), cli.err());
            return cli;
        }
    }

    private static Running start(String... args) throws IOException {
        Path launcher = Path.of(System.getProperty("ledger.cli.launcher", "../cli/bin/ledger"));
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "ledger", ".out");
        Path err = Files.createTempFile(home, "ledger", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = new HashMap<>(builder.environment());
        environment.keySet().removeIf(name -> name.startsWith("LEDGER_"));
        environment.putAll(cliEnvironment);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new Running(builder.start(), List.of(args), out, err);
    }
}
