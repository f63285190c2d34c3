package dev.upgradeledger.executor.driver.script;

import static dev.upgradeledger.events.StepAction.APPLY_MISSION_REVISIONS;
import static dev.upgradeledger.events.StepAction.CHECK_STATE;
import static dev.upgradeledger.events.StepAction.EXPORT_STATE;
import static dev.upgradeledger.events.StepAction.HALT_WORKLOADS;
import static dev.upgradeledger.events.StepAction.UPGRADE_NODE;
import static dev.upgradeledger.events.StepAction.VERIFY_NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.ActionResult.Failed;
import dev.upgradeledger.executor.driver.ActionResult.Succeeded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptNodeDriverTest {

    private static final NodeTarget NODE = new NodeTarget("n1", "10.0.0.1:8080", "g1", "24.03.0");
    private static final Map<String, String> UPGRADE = Map.of("version", "24.03.1", "from", "24.03.0");

    @TempDir
    Path dir;

    private boolean shell;
    private Duration timeout;
    private Set<Integer> retryableExitCodes;
    private int maxOutputBytes;
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, String> executorEnvironment = new HashMap<>();

    @Test
    void aCommandRunsWithItsPlaceholdersReplacedInsideItsArguments() {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c", "printf '%s|' \"$@\"", "sh",
                "{cluster}", "{upgrade}", "{step}", "{attempt}", "{idempotencyKey}", "{node}", "{node.address}",
                "{node.group}", "{node.version}", "{version}", "{from}", "{schemaVersion}", "{group}",
                "{param.channel}", "backend.ai-manager=={version}", "{workdir}", "{ not a placeholder }");

        ActionResult result = driver.upgrade(context(UPGRADE_NODE, NODE, Map.of("version", "24.03.1",
                "from", "24.03.0", "schemaVersion", "42", "group", "g1", "channel", "stable")));

        assertThat(output(result)).isEqualTo("c1|u1|s1|1|c1/u1/s1/1|n1|10.0.0.1:8080|g1|24.03.0|24.03.1|24.03.0|42|g1"
                + "|stable|backend.ai-manager==24.03.1|" + workdir() + "|{ not a placeholder }|");
    }

    @Test
    void factsPrintedOnStdoutBecomeFactsOfTheSuccess() {
        ScriptNodeDriver driver = driverRunning(EXPORT_STATE, "/bin/sh", "-c", String.join("\n",
                "echo dumping",
                "echo ledger.fact.checksum=sha256:9f86d0",
                "printf 'ledger.fact.dumpRef=/backups/x.sql\\r\\n'",
                "echo 'ledger.fact.bad name=x'",
                "echo '  ledger.fact.indented=x'",
                "echo ledger.fact.onStderr=x >&2",
                "printf 'ledger.fact.tooLong=%01025d\\n' 0"));

        ActionResult result = driver.exportState(context(EXPORT_STATE, null, Map.of()));

        assertThat(succeeded(result).facts())
                .containsEntry("checksum", "sha256:9f86d0")
                .containsEntry("dumpRef", "/backups/x.sql")
                .containsOnlyKeys("checksum", "dumpRef", ScriptNodeDriver.OUTPUT_FACT);
        assertThat(output(result)).as("both streams are kept; only stdout's own order is promised")
                .containsSubsequence("dumping\n", "ledger.fact.checksum=sha256:9f86d0\n")
                .contains("ledger.fact.onStderr=x");
    }

    @Test
    void theCommandGetsTheLedgerVariablesAndTheConfiguredEnvironmentInTheWorkdir() {
        environment.put("PGHOST", "db.internal");
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c", "printf '%s\\n' "
                + "\"$LEDGER_IDEMPOTENCY_KEY\" \"$LEDGER_CLUSTER\" \"$LEDGER_UPGRADE\" \"$LEDGER_STEP\" "
                + "\"$LEDGER_ATTEMPT\" \"$LEDGER_ACTION\" \"$LEDGER_NODE\" \"$PGHOST\" \"$(pwd)\"");

        ActionResult result = driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE, 2, Duration.ofMinutes(1)));

        assertThat(output(result).lines()).containsExactly("c1/u1/s1/2", "c1", "u1", "s1", "2", "UPGRADE_NODE", "n1",
                "db.internal", workdir().toString());
    }

    @Test
    void aClusterWideActionHasNoNodeVariable() {
        ScriptNodeDriver driver = driverRunning(HALT_WORKLOADS, "/bin/sh", "-c", "printf '%s' \"${LEDGER_NODE-none}\"");

        assertThat(output(driver.haltWorkloads(context(HALT_WORKLOADS, null, Map.of())))).isEqualTo("none");
    }

    @Test
    void theExecutorsOwnEnvironmentStaysWithTheExecutor() {
        String variable = System.getenv().keySet().stream()
                .filter(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*"))
                .filter(name -> !List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ").contains(name))
                .findFirst().orElse(null);
        assumeThat(variable).isNotNull();
        ScriptNodeDriver driver = driverRunning(VERIFY_NODE, "/bin/sh", "-c", "printf '%s' \"${" + variable
                + "-absent}\"");

        assertThat(output(driver.verify(context(VERIFY_NODE, NODE, Map.of())))).isEqualTo("absent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.6; touch MARKER", "$(touch MARKER)", "`touch MARKER`", "7.6' ; touch MARKER ; echo '",
            "7.6\" ; touch MARKER ; echo \"", "7.6 && touch MARKER #"})
    void aValueCannotInjectACommandWithoutAShell(String injection) {
        assertNoInjection(injection);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.6; touch MARKER", "$(touch MARKER)", "`touch MARKER`", "7.6' ; touch MARKER ; echo '",
            "7.6\" ; touch MARKER ; echo \"", "7.6 && touch MARKER #"})
    void aValueCannotInjectACommandThroughTheShell(String injection) {
        shell = true;
        assertNoInjection(injection);
    }

    private void assertNoInjection(String injection) {
        Path marker = dir.resolve("pwned");
        String version = injection.replace("MARKER", marker.toString());
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "echo", "backend.ai-manager=={version}");

        ActionResult result = driver.upgrade(context(UPGRADE_NODE, NODE, Map.of("version", version)));

        assertThat(output(result)).isEqualTo("backend.ai-manager==" + version + "\n");
        assertThat(marker).doesNotExist();
    }

    @Test
    void theShellRunsTheArgumentsJoinedAsOneScript() {
        shell = true;
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "echo {node} | tr a-z A-Z;", "echo", "${LEDGER_STEP}");

        assertThat(output(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)))).isEqualTo("N1\ns1\n");
    }

    @Test
    void aNonZeroExitIsAFinalFailureWithTheCodeAndTheFirstErrorLine() {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c",
                "echo preparing; echo 'ERROR: No matching distribution' >&2; echo 'pip exits' >&2; exit 3");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure.code()).isEqualTo("exit-3");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).startsWith("ERROR: No matching distribution ... ")
                .contains("preparing", "pip exits");
    }

    @Test
    void exitCodeSeventyFiveIsRetryableByDefault() {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c", "exit 75");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure.code()).isEqualTo("exit-75");
        assertThat(failure.message()).isEqualTo("exit code 75");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void onlyTheConfiguredExitCodesAreRetryable() {
        retryableExitCodes = Set.of(69);
        ScriptNodeDriver driver = new ScriptNodeDriver(properties(Map.of(UPGRADE_NODE, List.of("/bin/sh", "-c",
                "exit 69"), VERIFY_NODE, List.of("/bin/sh", "-c", "exit 75"))));

        assertThat(failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE))).retryable()).isTrue();
        assertThat(failed(driver.verify(context(VERIFY_NODE, NODE, UPGRADE, 2, Duration.ofMinutes(1)))).retryable())
                .isFalse();
    }

    @Test
    void aMegabyteOfOutputIsKeptAsItsTruncatedTail() {
        maxOutputBytes = 4096;
        ScriptNodeDriver driver = driverRunning(EXPORT_STATE, "/bin/sh", "-c", "echo ledger.fact.checksum=sha256:1;"
                + " yes 0123456789abcdef | head -c 1048576; echo; echo the-end");

        Succeeded success = succeeded(driver.exportState(context(EXPORT_STATE, null, Map.of())));

        assertThat(success.facts()).containsEntry("checksum", "sha256:1");
        assertThat(success.facts().get(ScriptNodeDriver.OUTPUT_FACT))
                .startsWith("[... ").contains(" bytes truncated]\n").endsWith("0123456789abcdef\nthe-end\n")
                .hasSizeLessThanOrEqualTo(4096 + 40);
    }

    @Test
    void aFailureMessageKeepsTheFirstLineAndTheLastTwoKilobytesOfAMegabyte() {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c", "echo first-line;"
                + " yes 0123456789abcdef | head -c 1048576; echo; echo the-end; exit 1");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure.message()).startsWith("first-line ... ").endsWith("the-end")
                .hasSizeLessThanOrEqualTo("first-line ... ".length() + ScriptNodeDriver.MESSAGE_TAIL_CHARS);
    }

    @Test
    void aProcessFillingStderrBeforeStdoutDoesNotBlock() {
        timeout = Duration.ofSeconds(5);
        ScriptNodeDriver driver = driverRunning(VERIFY_NODE, "/bin/sh", "-c",
                "yes err | head -c 1048576 >&2; yes out | head -c 1048576; echo done");

        assertThat(output(driver.verify(context(VERIFY_NODE, NODE, Map.of())))).endsWith("out\ndone\n");
    }

    @Test
    void aHangingCommandIsKilledWithItsChildrenAfterTheTimeout() throws Exception {
        timeout = Duration.ofMillis(500);
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c",
                "echo $$ > pids; sleep 30 & echo $! >> pids; echo waiting; wait");

        long started = System.nanoTime();
        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(failure.code()).isEqualTo("timeout");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).startsWith("no exit within PT0.5S").endsWith("waiting");
        List<Long> pids = Files.readAllLines(workdir().resolve("pids")).stream().map(Long::valueOf)
                .collect(Collectors.toList());
        assertThat(pids).hasSize(2);
        for (long pid : pids) {
            assertThat(stopsRunning(pid)).as("pid %s still runs", pid).isTrue();
        }
    }

    @Test
    void theActionsTimeoutWinsWhenShorter() {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "sleep", "30");

        long started = System.nanoTime();
        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE, 1, Duration.ofMillis(300))));

        assertThat(failure.code()).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aBackgroundProcessHoldingTheOutputDoesNotHoldTheAnswer() {
        ScriptNodeDriver driver = driverRunning(VERIFY_NODE, "/bin/sh", "-c", "sleep 2 & echo started");

        long started = System.nanoTime();
        String output = output(driver.verify(context(VERIFY_NODE, NODE, Map.of())));

        assertThat(output).isEqualTo("started\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1900));
    }

    @Test
    void anActionWithoutACommandIsNotConfigured() {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "echo");

        Failed failure = failed(driver.verify(context(VERIFY_NODE, NODE, Map.of())));

        assertThat(failure).isEqualTo(new Failed("not-configured",
                "no command for VERIFY_NODE in ledger.executor.drivers.script.commands", false));
    }

    @Test
    @DisplayName("Backend.AI: backend.ai mgr schema apply-mission-revisions <previous version> - {previousVersion}")
    void theMissionRevisionsCommandGetsThePreviousVersionCheckedAsAVersion() {
        ScriptNodeDriver driver = driverRunning(APPLY_MISSION_REVISIONS, "/bin/sh", "-c", "printf '%s|' \"$@\"", "sh",
                "backend.ai", "mgr", "schema", "apply-mission-revisions", "{previousVersion}");

        ActionResult result = driver.applyMissionRevisions(context(APPLY_MISSION_REVISIONS, NODE,
                Map.of("previousVersion", "23.09.10")));

        assertThat(output(result)).isEqualTo("backend.ai|mgr|schema|apply-mission-revisions|23.09.10|");
        Path marker = dir.resolve("ran");
        ScriptNodeDriver touching = driverRunning(APPLY_MISSION_REVISIONS, "touch", marker.toString(),
                "{previousVersion}");
        Failed failure = failed(touching.applyMissionRevisions(context(APPLY_MISSION_REVISIONS, NODE,
                Map.of("previousVersion", "--all; rm -rf /"))));
        assertThat(failure.code()).isEqualTo("bad-placeholder");
        assertThat(failure.message()).contains("{previousVersion}", "no version");
        assertThat(marker).doesNotExist();
    }

    @Test
    @DisplayName("IPFS Cluster: the state check names the peer it compares with - {against}, checked as a node id")
    void theStateCheckCommandGetsThePeerToCompareWithCheckedAsANodeId() {
        ScriptNodeDriver driver = driverRunning(CHECK_STATE, "/bin/sh", "-c",
                "echo ledger.fact.checksum=sha256:aa; printf '%s|' \"$@\"", "sh", "{node}", "{against}");

        ActionResult result = driver.checkState(context(CHECK_STATE, NODE, Map.of("against", "peer-1")));

        assertThat(((ActionResult.Succeeded) result).facts()).containsEntry("checksum", "sha256:aa");
        Path marker = dir.resolve("ran");
        ScriptNodeDriver touching = driverRunning(CHECK_STATE, "touch", marker.toString(), "{against}");
        Failed failure = failed(touching.checkState(context(CHECK_STATE, NODE, Map.of("against", "../x; rm -rf /"))));
        assertThat(failure.code()).isEqualTo("bad-placeholder");
        assertThat(failure.message()).contains("{against}", "no node id");
        assertThat(marker).doesNotExist();
        ScriptNodeDriver silent = driverRunning(CHECK_STATE, "true");
        assertThat(failed(silent.checkState(context(CHECK_STATE, NODE, Map.of()))).code()).isEqualTo("missing-fact");
    }

    @Test
    @DisplayName("Inmanta step 10a: update project and recompile one environment - {environment}, checked as a name")
    void theRecompileCommandGetsTheEnvironmentCheckedAsANodeGroupName() {
        ScriptNodeDriver driver = driverRunning(StepAction.RECOMPILE_ENVIRONMENT, "/bin/sh", "-c",
                "printf '%s|' \"$@\"", "sh", "inmanta-cli", "environment", "recompile", "--update", "{environment}");

        ActionResult result = driver.recompileEnvironment(context(StepAction.RECOMPILE_ENVIRONMENT, null,
                Map.of("environment", "prod")));

        assertThat(output(result)).isEqualTo("inmanta-cli|environment|recompile|--update|prod|");
        Path marker = dir.resolve("ran");
        ScriptNodeDriver touching = driverRunning(StepAction.CHECK_ENVIRONMENTS, "touch", marker.toString(),
                "{environments}");
        Failed failure = failed(touching.checkEnvironments(context(StepAction.CHECK_ENVIRONMENTS, null,
                Map.of("environments", "dev,--all;rm -rf /"))));
        assertThat(failure.code()).isEqualTo("invalid-environment");
        assertThat(failure.message()).contains("--all;rm -rf /");
        assertThat(failure.retryable()).isFalse();
        assertThat(marker).doesNotExist();
    }

    @Test
    @DisplayName("Replicante live move: {group} reaches the command as a discovery group name or *, nothing else")
    void theLiveMovesGroupIsCheckedAsAGroupName() {
        ScriptNodeDriver driver = driverRunning(StepAction.ADD_DISCOVERY_GROUP, "/bin/sh", "-c",
                "printf '%s|' \"$@\"", "sh", "replicante-discovery", "add", "{group}", "{to}");

        ActionResult result = driver.perform(context(StepAction.ADD_DISCOVERY_GROUP, null,
                Map.of("group", "mongo-eu", "from", "repl-old", "to", "repl-new")));

        assertThat(output(result)).isEqualTo("replicante-discovery|add|mongo-eu|repl-new|");
        Path marker = dir.resolve("ran");
        ScriptNodeDriver touching = driverRunning(StepAction.REMOVE_DISCOVERY_GROUP, "touch", marker.toString(),
                "{group}");
        Failed failure = failed(touching.perform(context(StepAction.REMOVE_DISCOVERY_GROUP, null,
                Map.of("group", "x; rm -rf /"))));
        assertThat(failure.code()).isEqualTo("bad-placeholder");
        assertThat(failure.message()).contains("{group}", "discovery group");
        assertThat(marker).doesNotExist();
    }

    @Test
    void anUnknownPlaceholderFailsWithoutRunningAnything() {
        Path marker = dir.resolve("ran");
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "touch", marker.toString(), "{nodes}");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure).isEqualTo(new Failed("bad-placeholder",
                "unknown placeholder {nodes} in the command of UPGRADE_NODE", false));
        assertThat(marker).doesNotExist();
    }

    @Test
    void aNodePlaceholderOnAClusterWideActionFailsWithoutRunningAnything() {
        Path marker = dir.resolve("ran");
        ScriptNodeDriver driver = driverRunning(HALT_WORKLOADS, "touch", marker.toString(), "{node.address}");

        Failed failure = failed(driver.haltWorkloads(context(HALT_WORKLOADS, null, Map.of())));

        assertThat(failure).isEqualTo(new Failed("bad-placeholder",
                "{node.address} has no value: HALT_WORKLOADS of step s1 acts on no node", false));
        assertThat(marker).doesNotExist();
    }

    @Test
    void aMissingParameterFailsWithoutRunningAnything() {
        Path marker = dir.resolve("ran");
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "touch", marker.toString(), "{param.channel}");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure).isEqualTo(new Failed("bad-placeholder",
                "{param.channel} has no value in step s1 (UPGRADE_NODE)", false));
        assertThat(marker).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.6\nrm -rf /", "7.6\u0000", "7.6\r", "7.6\t", "7.6\u2028", "7.6\u001b[2J"})
    void aValueWithAControlCharacterFailsWithoutRunningAnything(String version) {
        Path marker = dir.resolve("ran");
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "touch", marker.toString(), "{version}");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, Map.of("version", version))));

        assertThat(failure.code()).isEqualTo("bad-placeholder");
        assertThat(failure.retryable()).isFalse();
        assertThat(marker).doesNotExist();
    }

    @Test
    void secretsReachTheCommandAndAreMaskedInItsSuccess() throws IOException {
        configureSecrets();
        ScriptNodeDriver driver = driverRunning(EXPORT_STATE, "/bin/sh", "-c", checkSecrets()
                + " echo \"password $PGPASSWORD, $API_TOKEN\"; echo ledger.fact.checksum=\"$PGPASSWORD\"");

        Succeeded success = succeeded(driver.exportState(context(EXPORT_STATE, null, Map.of())));

        assertThat(success.facts()).containsEntry(ScriptNodeDriver.OUTPUT_FACT,
                "password ***, Bearer ***\nledger.fact.checksum=***\n").containsEntry("checksum", "***");
        assertThat(success.toString()).doesNotContain("s3cret-from-env", "t0ken-from-file");
    }

    @Test
    void secretsAreMaskedInAFailureMessage() throws IOException {
        configureSecrets();
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c", checkSecrets()
                + " echo \"cannot log in with $PGPASSWORD\" >&2; echo \"$API_TOKEN\"; exit 1");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure.code()).isEqualTo("exit-1");
        assertThat(failure.message()).startsWith("cannot log in with *** ... ")
                .doesNotContain("s3cret-from-env", "t0ken-from-file");
    }

    @Test
    void aMissingSecretFailsWithoutRunningAnything() {
        Path marker = dir.resolve("ran");
        environment.put("PGPASSWORD", "${env:DB_PASSWORD}");
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "touch", marker.toString());

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure).isEqualTo(new Failed("secret-unavailable",
                "the executor has no environment variable DB_PASSWORD for PGPASSWORD", false));
        assertThat(marker).doesNotExist();
    }

    @Test
    void anUnreadableSecretFileIsARetryableFailure() {
        environment.put("API_TOKEN", "${file:" + dir.resolve("not-mounted-yet") + "}");
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "true");

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure.code()).isEqualTo("secret-unavailable");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void aRepeatedIdempotencyKeyAnswersTheFirstResultWithoutRunningAgain() throws Exception {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, "/bin/sh", "-c",
                "echo run >> runs; sleep 0.2; echo ledger.fact.version={version}");
        ActionContext first = context(UPGRADE_NODE, NODE, UPGRADE);

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<ActionResult>> calls = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> driver.upgrade(first), threads))
                    .collect(Collectors.toList());
            List<ActionResult> results = calls.stream().map(CompletableFuture::join).collect(Collectors.toList());

            assertThat(results).hasSize(4).allSatisfy(result -> assertThat(result).isEqualTo(results.get(0)));
            assertThat(driver.upgrade(first)).isEqualTo(results.get(0));
            assertThat(Files.readAllLines(workdir().resolve("runs"))).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
        driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE, 2, Duration.ofMinutes(1)));
        assertThat(Files.readAllLines(workdir().resolve("runs"))).hasSize(2);
    }

    @Test
    void anExportWithoutAChecksumFails() {
        ScriptNodeDriver driver = driverRunning(EXPORT_STATE, "/bin/sh", "-c", "echo dumped");

        Failed failure = failed(driver.exportState(context(EXPORT_STATE, null, Map.of())));

        assertThat(failure).isEqualTo(new Failed("missing-fact",
                "EXPORT_STATE must print ledger.fact.checksum=<checksum> on stdout ... dumped", false));
    }

    @Test
    void aCommandThatCannotStartIsAFinalFailure() {
        ScriptNodeDriver driver = driverRunning(UPGRADE_NODE, dir.resolve("no-such-command").toString());

        Failed failure = failed(driver.upgrade(context(UPGRADE_NODE, NODE, UPGRADE)));

        assertThat(failure.code()).isEqualTo("cannot-start");
        assertThat(failure.retryable()).isFalse();
    }

    private void configureSecrets() throws IOException {
        Path token = Files.writeString(dir.resolve("api-token"), "t0ken-from-file\n");
        executorEnvironment.put("DB_PASSWORD", "s3cret-from-env");
        environment.put("PGPASSWORD", "${env:DB_PASSWORD}");
        environment.put("API_TOKEN", "Bearer ${file:" + token + "}");
    }

    private static String checkSecrets() {
        return "[ \"$PGPASSWORD\" = s3cret-from-env ] && [ \"$API_TOKEN\" = 'Bearer t0ken-from-file' ] || exit 9;";
    }

    private ScriptNodeDriver driverRunning(StepAction action, String... argv) {
        return new ScriptNodeDriver(properties(Map.of(action, List.of(argv))), executorEnvironment::get);
    }

    private ScriptDriverProperties properties(Map<StepAction, List<String>> commands) {
        return new ScriptDriverProperties(commands, shell, timeout, retryableExitCodes, maxOutputBytes, environment,
                workdir());
    }

    private Path workdir() {
        return dir.resolve("work");
    }

    private static ActionContext context(StepAction action, NodeTarget node, Map<String, String> parameters) {
        return context(action, node, parameters, 1, Duration.ofMinutes(1));
    }

    private static ActionContext context(StepAction action, NodeTarget node, Map<String, String> parameters,
                                         int attempt, Duration timeout) {
        return new ActionContext("c1/u1/s1/" + attempt, "c1", "u1", "s1", attempt, action, node, parameters, timeout);
    }

    private static Succeeded succeeded(ActionResult result) {
        assertThat(result).isInstanceOf(Succeeded.class);
        return (Succeeded) result;
    }

    private static Failed failed(ActionResult result) {
        assertThat(result).isInstanceOf(Failed.class);
        return (Failed) result;
    }

    private static String output(ActionResult result) {
        return succeeded(result).facts().get(ScriptNodeDriver.OUTPUT_FACT);
    }

    /** Dead and gone, or a zombie waiting for the container's init to reap it. */
    private static boolean stopsRunning(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
