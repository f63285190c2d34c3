package dev.upgradeledger.executor.driver.script;

import dev.upgradeledger.executor.driver.ActionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment of one command: a few inherited variables, the configured ones with their secrets read, and the
 * ledger's own. Knows the secrets it read, to mask them in whatever the command printed.
 */
final class ScriptEnvironment {

    static final String MASK = "***";
    static final int MIN_MASKED_LENGTH = 4;

    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private final Map<String, String> variables;
    private final Set<String> secrets;

    private ScriptEnvironment(Map<String, String> variables, Set<String> secrets) {
        this.variables = variables;
        this.secrets = secrets;
    }

    /** Reads the secrets of the configured variables now and adds the ledger's variables of the action. */
    static ScriptEnvironment resolve(Map<String, String> configured, ActionContext context,
                                     UnaryOperator<String> executorEnvironment) throws SecretUnavailable {
        Map<String, String> variables = new HashMap<>();
        Set<String> secrets = new HashSet<>();
        for (Map.Entry<String, String> variable : configured.entrySet()) {
            variables.put(variable.getKey(),
                    withSecrets(variable.getKey(), variable.getValue(), executorEnvironment, secrets));
        }
        variables.putAll(ledgerVariables(context));
        return new ScriptEnvironment(Map.copyOf(variables), Set.copyOf(secrets));
    }

    /** Replaces the builder's inherited environment by this one. */
    void applyTo(ProcessBuilder builder) {
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(INHERITED);
        environment.putAll(variables);
    }

    /** The text with every secret of at least {@value #MIN_MASKED_LENGTH} characters replaced by {@value #MASK}. */
    String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            if (secret.length() >= MIN_MASKED_LENGTH) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    private static Map<String, String> ledgerVariables(ActionContext context) {
        Map<String, String> ledger = new HashMap<>();
        ledger.put("LEDGER_IDEMPOTENCY_KEY", context.idempotencyKey());
        ledger.put("LEDGER_CLUSTER", context.clusterId());
        ledger.put("LEDGER_UPGRADE", context.upgradeId());
        ledger.put("LEDGER_STEP", context.stepId());
        ledger.put("LEDGER_ATTEMPT", String.valueOf(context.attempt()));
        ledger.put("LEDGER_ACTION", context.action().name());
        if (context.node() != null) {
            ledger.put("LEDGER_NODE", context.node().id());
        }
        ledger.values().removeIf(value -> value == null);
        return ledger;
    }

    private static String withSecrets(String variable, String value, UnaryOperator<String> executorEnvironment,
                                      Set<String> secrets) throws SecretUnavailable {
        Matcher matcher = SECRET_REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String secret = matcher.group(1).equals("env")
                    ? fromEnvironment(variable, matcher.group(2), executorEnvironment)
                    : fromFile(variable, Path.of(matcher.group(2)));
            if (secret.indexOf('\0') >= 0) {
                throw new SecretUnavailable("the secret " + matcher.group() + " of " + variable + " has a NUL", false);
            }
            secrets.add(secret);
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(secret));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static String fromEnvironment(String variable, String name, UnaryOperator<String> executorEnvironment)
            throws SecretUnavailable {
        String secret = executorEnvironment.apply(name);
        if (secret == null) {
            throw new SecretUnavailable("the executor has no environment variable " + name + " for " + variable,
                    false);
        }
        return secret;
    }

    private static String fromFile(String variable, Path file) throws SecretUnavailable {
        try {
            return withoutTrailingNewlines(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new SecretUnavailable("cannot read the secret file " + file + " for " + variable + " ("
                    + e.getClass().getSimpleName() + ")", true);
        }
    }

    private static String withoutTrailingNewlines(String content) {
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        return content.substring(0, end);
    }

    /** A secret of the configured environment that cannot be read now. */
    static final class SecretUnavailable extends Exception {

        private final boolean retryable;

        SecretUnavailable(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        /** A file may appear or be fixed (a mounted secret); the executor's environment does not change. */
        boolean retryable() {
            return retryable;
        }
    }
}
