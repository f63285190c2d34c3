package dev.upgradeledger.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only JDBC look-ups in the services' database that their APIs do not offer: the event store's counts and
 * payload sizes (command-api's Axon tables, schema {@code eventstore}) and the offsets the projection's read models
 * include ({@code projection.projection_offset}).
 */
final class Database {

    private final String url;
    private final String user;
    private final String password;

    Database(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Events stored for the aggregates (clusters) whose id starts with {@code prefix}. */
    long storedEvents(String prefix) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM eventstore.domainevententry WHERE aggregateidentifier LIKE ?")) {
            query.setString(1, like(prefix));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Per cluster whose id starts with {@code prefix}: the events stored. */
    Map<String, Long> storedEventsPerCluster(String prefix) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT aggregateidentifier, count(*) FROM eventstore.domainevententry WHERE aggregateidentifier LIKE ?"
                        + " GROUP BY aggregateidentifier")) {
            query.setString(1, like(prefix));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    counts.put(result.getString(1), result.getLong(2));
                }
            }
        }
        return counts;
    }

    /** One stored event's type and payload size. */
    record Payload(String type, long sequence, long bytes) {
    }

    /** The {@code limit} largest stored payloads of one cluster, largest first. */
    List<Payload> largestPayloads(String clusterId, int limit) throws SQLException {
        List<Payload> payloads = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT payloadtype, sequencenumber, octet_length(payload) AS bytes FROM eventstore.domainevententry"
                        + " WHERE aggregateidentifier = ? ORDER BY bytes DESC LIMIT ?")) {
            query.setString(1, clusterId);
            query.setInt(2, limit);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    String type = result.getString(1);
                    payloads.add(new Payload(type.substring(type.lastIndexOf('.') + 1), result.getLong(2),
                            result.getLong(3)));
                }
            }
        }
        return payloads;
    }

    /** Per partition of {@code topic}, the last offset the projection's read models include. */
    Map<Integer, Long> projectionOffsets(String topic) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT kafka_partition, last_offset FROM projection.projection_offset WHERE topic = ?")) {
            query.setString(1, topic);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    offsets.put(result.getInt(1), result.getLong(2));
                }
            }
        }
        return offsets;
    }

    /** The event store's last global index (0 when empty). */
    long lastGlobalIndex() throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT coalesce(max(globalindex), 0) FROM eventstore.domainevententry");
             ResultSet result = query.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * The global index command-api's publisher has reached (its tracking token's {@code index}, the lowest over its
     * segments), or -1 when it has no token yet.
     */
    long publisherIndex() throws SQLException {
        long lowest = -1;
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT convert_from(token, 'UTF8') FROM eventstore.tokenentry"
                        + " WHERE processorname = 'kafka-publisher'");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                long at = tokenIndex(result.getString(1));
                if (at >= 0) {
                    lowest = lowest < 0 ? at : Math.min(lowest, at);
                }
            }
        }
        return lowest;
    }

    /**
     * The {@code index} of a gap-aware tracking token as Axon's JSON serializer writes it (the first {@code index} in
     * the text), or -1.
     */
    static long tokenIndex(String token) {
        java.util.regex.Matcher index = TOKEN_INDEX.matcher(String.valueOf(token));
        return index.find() ? Long.parseLong(index.group(1)) : -1;
    }

    private static final java.util.regex.Pattern TOKEN_INDEX =
            java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    /** {@code prefix%} with LIKE's wildcards in the prefix escaped. */
    static String like(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
