package dev.upgradeledger.executor.driver.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The bearer token for the node agents, read each time it is needed from the environment variable or the file the
 * configuration names, so a rotated secret is picked up without a restart. The token itself never appears in a
 * message.
 */
final class AgentToken {

    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private final String variable;
    private final Path file;
    private final Function<String, String> environment;

    /**
     * @param variable    the environment variable holding the token, or null
     * @param file        the file holding the token, or null
     * @param environment looks an environment variable up, {@code System::getenv} in production
     */
    AgentToken(String variable, String file, Function<String, String> environment) {
        if (configured(variable) && configured(file)) {
            throw new IllegalArgumentException("configure the agent token by token-env or by token-file, not both");
        }
        this.variable = configured(variable) ? variable : null;
        this.file = configured(file) ? Path.of(file) : null;
        this.environment = environment;
    }

    /**
     * The token, or empty when none is configured.
     *
     * @throws Unavailable when a token is configured but cannot be read or is not a bearer token
     */
    Optional<String> read() {
        if (variable != null) {
            return Optional.of(valid(environment.apply(variable), "environment variable " + variable));
        }
        if (file != null) {
            return Optional.of(valid(readFile(), "file " + file));
        }
        return Optional.empty();
    }

    private String readFile() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new Unavailable("the agent token file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static String valid(String value, String source) {
        String token = value == null ? "" : value.strip();
        if (token.isEmpty()) {
            throw new Unavailable("the agent token " + source + " is not set or empty");
        }
        if (!BEARER_TOKEN.matcher(token).matches()) {
            throw new Unavailable("the agent token in " + source + " is not a valid bearer token");
        }
        return token;
    }

    private static boolean configured(String value) {
        return value != null && !value.isBlank();
    }

    /** A configured token that cannot be used; the message names where it was looked for, never its value. */
    static final class Unavailable extends RuntimeException {

        Unavailable(String message) {
            super(message);
        }
    }
}
