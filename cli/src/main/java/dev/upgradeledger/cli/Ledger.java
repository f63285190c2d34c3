package dev.upgradeledger.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ledger}: the entry point, the options every command takes, and how errors become exit codes. */
@Command(name = "ledger", mixinStandardHelpOptions = true, versionProvider = Ledger.Version.class,
        description = "The Upgrade Ledger's command line: register clusters, plan and run upgrades, follow them live,"
                + " pause/resume/abort/rollback/finalize, read the history, travel in time, diagnose failures.",
        subcommands = {ClusterCommands.class, UpgradeCommands.class, HistoryCommand.class, StateCommand.class,
                DiagnoseCommand.class, StepsCommand.class, FaultCommands.class, AdminCommands.class,
                ProductCommands.class, FleetCommands.class, ApprovalCommands.class,
                AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0   done (for a followed upgrade: COMPLETED or FINALIZED)",
                "  1   error: a service unreachable or failing (5xx), an unreadable answer",
                "  2   refused by the ledger (4xx problem: invalid request, a rule, the cluster's state)",
                "  3   the followed upgrade stopped short: PAUSED, FAILED, ABORTED, ROLLED_BACK, REJECTED",
                "  4   not found (unknown cluster, upgrade, snapshot)",
                "  5   --timeout passed while following",
                "  64  bad command line",
                "",
                "Settings: flag, else environment (LEDGER_SERVER, LEDGER_PROJECTION_SERVER, LEDGER_EXECUTOR_SERVER,"
                        + " LEDGER_TOKEN, LEDGER_ACTOR), else the config file (--config, $LEDGER_CONFIG,"
                        + " ~/.config/ledger/config: server=, projection-server=, executor-server=, token=,"
                        + " actor=), else http://localhost:8080 / 8081 / 8082."})
public final class Ledger {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "command-api (commands), default http://localhost:8080")
    String server;

    @Option(names = "--projection-server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "projection (queries, history, time travel, diagnosis), default http://localhost:8081")
    String projectionServer;

    @Option(names = "--executor-server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "executor (steps, simulated fleet), default http://localhost:8082")
    String executorServer;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "bearer token sent as Authorization (or LEDGER_TOKEN)")
    String token;

    @Option(names = "--actor", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "who is acting, recorded on every event (X-Actor), default $LEDGER_ACTOR or $USER")
    String actor;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "config file")
    Path config;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (default), json or yaml")
    Output.Format format = Output.Format.table;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private LedgerClient client;
    private Output output;

    Ledger(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and answers its exit code; what it prints goes to {@code out} and {@code err}. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Ledger ledger = new Ledger(env, out, err);
        CommandLine commandLine = new CommandLine(ledger)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Ledger::badCommandLine)
                .setExecutionExceptionHandler((exception, command, parseResult) -> ledger.fail(exception));
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The message and how to get help, never the whole usage (it hides the message); exit 64. */
    private static int badCommandLine(CommandLine.ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.println("see: " + command.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The ledger of the command being run, for its settings, client and output. */
    static Ledger of(CommandSpec spec) {
        return (Ledger) spec.root().userObject();
    }

    Settings settings() {
        return Settings.resolve(new Settings.Flags(server, projectionServer, executorServer, token, actor, config),
                env);
    }

    LedgerClient client() {
        if (client == null) {
            client = new LedgerClient(settings());
        }
        return client;
    }

    Output output() {
        if (output == null) {
            output = new Output(format, out, err);
        }
        return output;
    }

    private int fail(Exception exception) {
        if (exception instanceof ProblemException problem) {
            explain(problem);
            return ExitCodes.forHttpStatus(problem.status());
        }
        if (exception instanceof UnreachableException || exception instanceof UncheckedIOException) {
            err.println("error: " + exception.getMessage());
            err.flush();
            return ExitCodes.ERROR;
        }
        if (exception instanceof IllegalArgumentException) {
            err.println("error: " + exception.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        err.println("error: " + exception);
        err.flush();
        return ExitCodes.ERROR;
    }

    /** The problem's own words: detail, rule, allowed path; for scripts also the problem document on stdout. */
    private void explain(ProblemException exception) {
        JsonNode problem = exception.problem();
        if (problem == null) {
            err.println("error: " + exception.getMessage());
        } else {
            String detail = Json.text(problem, "/detail");
            err.println("error: " + ("-".equals(detail) ? Json.text(problem, "/title") : detail));
            Table.Fields fields = new Table.Fields()
                    .add("problem", (exception.slug() == null ? Json.text(problem, "/title") : exception.slug())
                            + " (" + exception.service() + " answered " + exception.status() + ")");
            if (Json.present(problem.get("rule"))) {
                fields.add("rule", Json.text(problem, "/rule"));
            }
            JsonNode path = problem.get("allowedPath");
            if (Json.present(path) && path.isArray()) {
                fields.add("allowed path", path.isEmpty() ? "none"
                        : String.join(" -> ", StreamSupport.stream(path.spliterator(), false)
                        .map(JsonNode::asString).toList()));
            }
            fields.print(err, "  ");
            if (!output().forPeople()) {
                output().document(problem);
            }
        }
        err.flush();
    }

    /** The version of the jar (its manifest), "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Ledger.class.getPackage().getImplementationVersion();
            return new String[] {"ledger " + (version == null ? "dev" : version)};
        }
    }
}
