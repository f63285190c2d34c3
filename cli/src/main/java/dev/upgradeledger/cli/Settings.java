package dev.upgradeledger.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the services are and who is asking. Each setting comes from the first of: the flag, the environment variable,
 * the config file, the default.
 *
 * <p>The config file is {@code --config}, else {@code $LEDGER_CONFIG}, else {@code $XDG_CONFIG_HOME/ledger/config}
 * (default {@code ~/.config/ledger/config}), in properties format, keys {@code server}, {@code projection-server},
 * {@code executor-server}, {@code token}, {@code actor}.
 */
record Settings(URI server, URI projectionServer, URI executorServer, String token, String actor, Path configFile) {

    static final String DEFAULT_SERVER = "http://localhost:8080";
    static final String DEFAULT_PROJECTION = "http://localhost:8081";
    static final String DEFAULT_EXECUTOR = "http://localhost:8082";

    /** The flags given on the command line; null when not given. */
    record Flags(String server, String projectionServer, String executorServer, String token, String actor,
                 Path config) {
    }

    static Settings resolve(Flags flags, Map<String, String> env) {
        Path file = configFile(flags.config(), env);
        Properties config = read(file, flags.config() != null || env.get("LEDGER_CONFIG") != null);
        String server = pick(flags.server(), env.get("LEDGER_SERVER"), config.getProperty("server"), DEFAULT_SERVER);
        String projection = pick(flags.projectionServer(), env.get("LEDGER_PROJECTION_SERVER"),
                config.getProperty("projection-server"), DEFAULT_PROJECTION);
        String executor = pick(flags.executorServer(), env.get("LEDGER_EXECUTOR_SERVER"),
                config.getProperty("executor-server"), DEFAULT_EXECUTOR);
        String token = pick(flags.token(), env.get("LEDGER_TOKEN"), config.getProperty("token"), null);
        String actor = pick(flags.actor(), env.get("LEDGER_ACTOR"), config.getProperty("actor"), env.get("USER"));
        return new Settings(url("server", server), url("projection-server", projection),
                url("executor-server", executor), blankToNull(token), blankToNull(actor), file);
    }

    private static Path configFile(Path flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        if (env.get("LEDGER_CONFIG") != null) {
            return Path.of(env.get("LEDGER_CONFIG"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("ledger").resolve("config");
    }

    private static Properties read(Path file, boolean named) {
        Properties properties = new Properties();
        if (!Files.isRegularFile(file)) {
            if (named) {
                throw new IllegalArgumentException("config file " + file + " does not exist");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        return properties;
    }

    private static String pick(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static URI url(String name, String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + value);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http(s) URL such as " + DEFAULT_SERVER
                    + ", was " + value);
        }
        return uri;
    }
}
