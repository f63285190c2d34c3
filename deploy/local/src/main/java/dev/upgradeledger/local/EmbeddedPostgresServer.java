package dev.upgradeledger.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server (zonky binaries) whose cluster lives in {@code <home>/postgres} and survives restarts:
 * initdb runs only when that folder holds no cluster yet. Binaries are unpacked to {@code <home>/pg-bin}, server
 * output goes to {@code <home>/logs/postgres.log}. Authentication is {@code trust} on localhost, so any password is
 * accepted; {@link #PASSWORD} is what clients are told to use. No shutdown hook is registered, and the server runs
 * detached ({@code pg_ctl start}): a JVM that exits without {@link #close()} leaves it running.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "ledger";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;
    private final Path dataDirectory;
    private final Path logFile;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port, Path dataDirectory, Path logFile) {
        this.postgres = postgres;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
    }

    /** Starts the server and creates the {@value #DATABASE} database if it does not exist yet. */
    public static EmbeddedPostgresServer start(Path home, int port) throws IOException {
        Path root = home.toAbsolutePath();
        Path dataDirectory = root.resolve("postgres");
        Path binaries = root.resolve("pg-bin");
        Path logFile = root.resolve("logs").resolve("postgres.log");
        Files.createDirectories(dataDirectory);
        Files.createDirectories(binaries);
        Files.createDirectories(logFile.getParent());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setRegisterShutdownHook(false)
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("PostgreSQL did not start on port " + port + ": " + e.getMessage() + "; see "
                    + logFile, e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, port, dataDirectory, logFile);
        try {
            server.createDatabaseIfMissing();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new IOException("Cannot create database " + DATABASE + " on port " + port + ": " + e.getMessage(), e);
        }
        return server;
    }

    private void createDatabaseIfMissing() throws SQLException {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return logFile;
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}); the data directory is kept. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
