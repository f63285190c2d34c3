package dev.upgradeledger.executor.driver.script;

import dev.upgradeledger.events.StepAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the {@code script} driver turns each action into a local command.
 *
 * <p>Spring resolves {@code ${...}} in configuration values itself: write a secret reference in YAML as
 * {@code \${env:NAME}} (and, with {@code shell}, shell variables as {@code $NAME} or {@code \${NAME}}) so that it
 * reaches the driver unresolved.
 *
 * @param commands           the command of each action (keys are {@link StepAction} names, e.g. {@code UPGRADE_NODE}),
 *                           as a list of arguments run without a shell; placeholders such as {@code {version}},
 *                           {@code {node.address}} or {@code {param.<name>}} are replaced inside each argument and
 *                           never split it; an action without a command fails as {@code not-configured}
 * @param shell              run each command as {@code /bin/sh -c "<its arguments joined by spaces>"} for pipes and
 *                           redirections. Placeholder values are single-quoted for the shell, so they cannot inject
 *                           commands, but the command itself becomes shell code: a careless template (a placeholder
 *                           inside quotes, an {@code eval}) can undo that protection. Off by default; never write
 *                           quotes around a placeholder
 * @param timeout            how long a command may run before its whole process tree is killed and the action fails
 *                           as a retryable {@code timeout}; the action's own timeout wins when shorter
 * @param retryableExitCodes exit codes that mean "try again later" (default 75, EX_TEMPFAIL); any other non-zero code
 *                           is a final failure
 * @param maxOutputBytes     how much output is kept: the last bytes of stdout and stderr together, returned as the fact
 *                           {@code output} of a success and at the end of a failure's message
 * @param environment        variables added to the command's environment. A value may embed {@code ${env:NAME}} (a
 *                           variable of the executor) or {@code ${file:/path}} (a file's content without its trailing
 *                           newline), read each time a command starts, never logged and masked in the output. Of the
 *                           executor's own environment, commands only inherit {@code PATH}, {@code HOME}, {@code LANG},
 *                           {@code LC_ALL} and {@code TZ}
 * @param workdir            the commands' working directory, created when missing; by default
 *                           {@code upgrade-ledger-script} under {@code java.io.tmpdir}
 */
@ConfigurationProperties("ledger.executor.drivers.script")
public record ScriptDriverProperties(Map<StepAction, List<String>> commands,
                                     @DefaultValue("false") boolean shell,
                                     @DefaultValue("10m") Duration timeout,
                                     @DefaultValue("75") Set<Integer> retryableExitCodes,
                                     @DefaultValue("16384") int maxOutputBytes,
                                     Map<String, String> environment,
                                     Path workdir) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Set<Integer> DEFAULT_RETRYABLE_EXIT_CODES = Set.of(75);
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 16384;

    public ScriptDriverProperties {
        commands = commands == null ? Map.of() : commandsChecked(commands);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeoutChecked(timeout);
        retryableExitCodes = retryableExitCodes == null ? DEFAULT_RETRYABLE_EXIT_CODES : Set.copyOf(retryableExitCodes);
        maxOutputBytes = maxOutputBytes == 0 ? DEFAULT_MAX_OUTPUT_BYTES : maxOutputBytesChecked(maxOutputBytes);
        environment = environment == null ? Map.of() : environmentChecked(environment);
        workdir = (workdir == null ? defaultWorkdir() : workdir).toAbsolutePath().normalize();
    }

    /** Properties with every default and the given commands, run without a shell. */
    public static ScriptDriverProperties of(Map<StepAction, List<String>> commands) {
        return new ScriptDriverProperties(commands, false, null, null, 0, null, null);
    }

    private static Map<StepAction, List<String>> commandsChecked(Map<StepAction, List<String>> commands) {
        commands.forEach((action, argv) -> {
            if (argv == null || argv.isEmpty() || argv.stream().anyMatch(argument -> argument == null)) {
                throw new IllegalArgumentException("the command of " + action + " needs at least one argument");
            }
        });
        return commands.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
    }

    private static Duration timeoutChecked(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    private static int maxOutputBytesChecked(int maxOutputBytes) {
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("maxOutputBytes must be positive, not " + maxOutputBytes);
        }
        return maxOutputBytes;
    }

    private static Map<String, String> environmentChecked(Map<String, String> environment) {
        environment.forEach((name, value) -> {
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0 || value == null) {
                throw new IllegalArgumentException("environment variable '" + name
                        + "' needs a valid name and a value");
            }
        });
        return Map.copyOf(environment);
    }

    private static Path defaultWorkdir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "upgrade-ledger-script");
    }
}
