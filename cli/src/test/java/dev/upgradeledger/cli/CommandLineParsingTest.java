package dev.upgradeledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineParsingTest {

    private static final Map<String, String> NO_SERVICES = Map.of("LEDGER_SERVER", "http://127.0.0.1:9",
            "LEDGER_PROJECTION_SERVER", "http://127.0.0.1:9", "LEDGER_EXECUTOR_SERVER", "http://127.0.0.1:9",
            "HOME", "/nonexistent");

    @Test
    void helpListsTheCommandsAnSreExpectsAndWhatEachExitCodeMeans() {
        CommandLineRun run = CommandLineRun.of(NO_SERVICES, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("cluster", "upgrade", "history", "state", "diagnose", "steps", "fault",
                "admin", "generate-completion");
        assertThat(run.out()).contains("3   the followed upgrade stopped short", "64  bad command line");
    }

    @Test
    void aMistypedCommandIsExit64WithASuggestionNotAStackTrace() {
        CommandLineRun run = CommandLineRun.of(NO_SERVICES, "cluster", "lst");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unmatched argument", "Did you mean", "cluster list")
                .doesNotContain("Exception");
    }

    @Test
    void anUpgradeWithoutItsTargetIsRefusedBeforeAnyCall() {
        CommandLineRun run = CommandLineRun.of(NO_SERVICES, "upgrade", "start", "camunda-eu", "--strategy",
                "ROLLING");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required option: '--to=VERSION'");
    }

    @Test
    void strategiesAreCheckedAndMayBeLowerCase() {
        CommandLineRun bad = CommandLineRun.of(NO_SERVICES, "upgrade", "plan", "c1", "--to", "7.6", "--strategy",
                "sideways");
        CommandLineRun lower = CommandLineRun.of(NO_SERVICES, "upgrade", "plan", "c1", "--to", "7.6", "--strategy",
                "rolling", "--max-unavailable", "1");

        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("ROLLING, OFFLINE, REJOIN, MIGRATION");
        assertThat(lower.exitCode()).as("parsed, then the (absent) service is unreachable")
                .isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void timeTravelNeedsExactlyOneMoment() {
        assertThat(CommandLineRun.of(NO_SERVICES, "state", "c1").exitCode()).isEqualTo(ExitCodes.USAGE);
        CommandLineRun both = CommandLineRun.of(NO_SERVICES, "state", "c1", "--sequence", "3", "--ago", "1h");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void anUnreachableServiceIsExit1NamingTheServiceItsUrlAndHowToChangeIt() {
        CommandLineRun run = CommandLineRun.of(NO_SERVICES, "cluster", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).startsWith("error: cannot reach projection at http://127.0.0.1:9")
                .contains("--projection-server", "LEDGER_PROJECTION_SERVER");
    }

    @Test
    void aBadDurationIsAUsageErrorThatShowsTheAcceptedForms() {
        CommandLineRun run = CommandLineRun.of(NO_SERVICES, "state", "c1", "--ago", "yesterday");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--ago takes a duration such as 30s, 10m, 2h or PT10M, not 'yesterday'");
    }

    @Test
    void completionScriptIsGeneratedForBashAndZsh() {
        CommandLineRun run = CommandLineRun.of(NO_SERVICES, "generate-completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F", "ledger");
    }
}
