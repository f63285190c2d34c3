package dev.upgradeledger.executor.driver.script;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.EnvironmentParameters;
import dev.upgradeledger.executor.driver.NodeDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Performs every action by running the local command configured for it in {@link ScriptDriverProperties}.
 *
 * <ul>
 *   <li>The command's arguments go to the operating system as they are, without a shell (unless
 *       {@link ScriptDriverProperties#shell()}), with their placeholders replaced; an action without a command fails as
 *       {@code not-configured}, a placeholder that is unknown or has no printable value as {@code bad-placeholder},
 *       an unreadable secret as {@code secret-unavailable}, a command that cannot start as {@code cannot-start},
 *       all without running anything.</li>
 *   <li>Exit code 0 succeeds with the facts the command printed on stdout as {@code ledger.fact.<name>=<value>}
 *       (names of 1 to 64 {@code [a-zA-Z0-9_.-]}, values of at most 1024 characters) and the fact
 *       {@value #OUTPUT_FACT}: the tail of stdout and stderr. {@code EXPORT_STATE} and {@code IMPORT_STATE} must print
 *       {@code ledger.fact.checksum}, or fail as {@code missing-fact}.</li>
 *   <li>Another exit code fails as {@code exit-<code>}, retryable when configured so; the message is the first line
 *       of stderr (else stdout), then {@code " ... "} and the last {@value #MESSAGE_TAIL_CHARS} characters of the
 *       output.</li>
 *   <li>A command still running after the timeout is killed with all its descendants and fails as a retryable
 *       {@code timeout}.</li>
 *   <li>The command gets {@code LEDGER_IDEMPOTENCY_KEY}, {@code LEDGER_CLUSTER}, {@code LEDGER_UPGRADE},
 *       {@code LEDGER_STEP}, {@code LEDGER_ATTEMPT}, {@code LEDGER_ACTION} and, acting on a node, {@code LEDGER_NODE}
 *       in its environment. Secrets it was given are masked in facts and messages.</li>
 *   <li>A call repeating an idempotency key answers the first call's result without running again, as long as the
 *       executor runs; across restarts, commands should use {@code LEDGER_IDEMPOTENCY_KEY} to act at most once.</li>
 * </ul>
 * Safe for concurrent calls.
 */
@Component(ScriptNodeDriver.NAME)
public class ScriptNodeDriver implements NodeDriver {

    public static final String NAME = "script";
    public static final String OUTPUT_FACT = "output";
    public static final int MESSAGE_TAIL_CHARS = 2048;

    private static final Logger log = LoggerFactory.getLogger(ScriptNodeDriver.class);
    private static final Set<StepAction> CHECKSUM_REQUIRED = Set.of(StepAction.EXPORT_STATE, StepAction.IMPORT_STATE,
            StepAction.CHECK_STATE);
    private static final int REMEMBERED_RESULTS = 1024;

    private final ScriptDriverProperties properties;
    private final UnaryOperator<String> executorEnvironment;
    private final ResultMemo results = new ResultMemo(REMEMBERED_RESULTS);

    @Autowired
    public ScriptNodeDriver(ScriptDriverProperties properties) {
        this(properties, System::getenv);
    }

    ScriptNodeDriver(ScriptDriverProperties properties, UnaryOperator<String> executorEnvironment) {
        this.properties = properties;
        this.executorEnvironment = executorEnvironment;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ActionResult perform(ActionContext context) {
        return results.once(context.idempotencyKey(), () -> execute(context));
    }

    @Override
    public ActionResult haltWorkloads(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult resumeWorkloads(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult exportState(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult importState(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult migrateSchema(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult moveWorkloads(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult isolate(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult upgrade(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult verify(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult reintegrate(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult removePeer(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult rejoinPeer(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult rollBack(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult applyMissionRevisions(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult stopNode(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult startNode(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult checkState(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult verifyTarget(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult stopServer(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult startServer(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult checkEnvironments(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult recompileEnvironment(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult resumeEnvironment(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult removeDiscoveryGroup(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult rollingRestart(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult addDiscoveryGroup(ActionContext context) {
        return perform(context);
    }

    @Override
    public ActionResult cleanPeer(ActionContext context) {
        return perform(context);
    }

    private ActionResult execute(ActionContext context) {
        Optional<ActionResult> badEnvironment = EnvironmentParameters.invalid(context);
        if (badEnvironment.isPresent()) {
            return badEnvironment.get();
        }
        List<String> template = properties.commands().get(context.action());
        if (template == null) {
            return ActionResult.failed("not-configured", "no command for " + context.action()
                    + " in ledger.executor.drivers.script.commands", false);
        }
        try {
            List<String> argv = new CommandTemplate(template, properties.shell())
                    .render(new Placeholders(context, properties.workdir()));
            ScriptEnvironment environment =
                    ScriptEnvironment.resolve(properties.environment(), context, executorEnvironment);
            return run(context, argv, environment);
        } catch (Placeholders.Unresolvable e) {
            return ActionResult.failed("bad-placeholder", e.getMessage(), false);
        } catch (ScriptEnvironment.SecretUnavailable e) {
            return ActionResult.failed("secret-unavailable", e.getMessage(), e.retryable());
        }
    }

    private ActionResult run(ActionContext context, List<String> argv, ScriptEnvironment environment) {
        Duration timeout = timeoutOf(context);
        OutputCapture capture = new OutputCapture(properties.maxOutputBytes());
        log.info("{} {}: running {}", context.action(), context.idempotencyKey(), argv);
        ScriptProcess.Outcome outcome;
        try {
            Files.createDirectories(properties.workdir());
            outcome = ScriptProcess.run(processBuilder(argv, environment), timeout, capture);
        } catch (IOException e) {
            log.warn("{} {}: cannot start {}: {}", context.action(), context.idempotencyKey(), argv, e.toString());
            return ActionResult.failed("cannot-start", "cannot start " + argv.get(0) + ": " + e.getMessage(), false);
        }
        log.info("{} {}: {} after {} ms", context.action(), context.idempotencyKey(), describe(outcome),
                outcome.elapsed().toMillis());
        return resultOf(context, outcome, timeout, capture.output(environment::mask));
    }

    private ProcessBuilder processBuilder(List<String> argv, ScriptEnvironment environment) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(properties.workdir().toFile());
        environment.applyTo(builder);
        return builder;
    }

    private Duration timeoutOf(ActionContext context) {
        Duration allowed = context.timeout();
        boolean shorter = allowed != null && !allowed.isNegative() && !allowed.isZero()
                && allowed.compareTo(properties.timeout()) < 0;
        return shorter ? allowed : properties.timeout();
    }

    private ActionResult resultOf(ActionContext context, ScriptProcess.Outcome outcome, Duration timeout,
                                  OutputCapture.Output output) {
        return switch (outcome.ending()) {
            case TIMED_OUT -> ActionResult.failed("timeout",
                    withOutput("no exit within " + timeout + ", process tree killed", output), true);
            case INTERRUPTED -> ActionResult.failed("interrupted",
                    "interrupted while waiting for the command, process tree killed", true);
            case EXITED -> outcome.exitCode() == 0
                    ? succeeded(context, output)
                    : exitFailure(outcome.exitCode(), output);
        };
    }

    private ActionResult succeeded(ActionContext context, OutputCapture.Output output) {
        if (CHECKSUM_REQUIRED.contains(context.action()) && !output.facts().containsKey("checksum")) {
            return ActionResult.failed("missing-fact", withOutput(context.action()
                    + " must print ledger.fact.checksum=<checksum> on stdout", output), false);
        }
        Map<String, String> facts = new HashMap<>(output.facts());
        facts.put(OUTPUT_FACT, output.text());
        return ActionResult.succeeded(facts);
    }

    private ActionResult exitFailure(int exitCode, OutputCapture.Output output) {
        String headline = output.headline() != null ? output.headline() : "exit code " + exitCode;
        return ActionResult.failed("exit-" + exitCode, withOutput(headline, output),
                properties.retryableExitCodes().contains(exitCode));
    }

    private static String withOutput(String headline, OutputCapture.Output output) {
        String text = output.text().strip();
        if (text.isEmpty() || text.equals(headline)) {
            return headline;
        }
        return headline + " ... " + text.substring(Math.max(0, text.length() - MESSAGE_TAIL_CHARS));
    }

    private static String describe(ScriptProcess.Outcome outcome) {
        return switch (outcome.ending()) {
            case TIMED_OUT -> "timed out, process tree of pid " + outcome.pid() + " killed";
            case INTERRUPTED -> "interrupted, process tree of pid " + outcome.pid() + " killed";
            case EXITED -> "exit " + outcome.exitCode();
        };
    }
}
