package dev.upgradeledger.commandapi.idempotency;

import dev.upgradeledger.support.Digests;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored first answers, by key. Writes join the caller's transaction. */
@Repository
public class IdempotencyStore {

    private static final String INSERT = "insert into idempotent_request (request_key, fingerprint, status,"
            + " content_type, body) values (?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    IdempotencyStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public Optional<StoredAnswer> find(String key) {
        return jdbc.sql("select fingerprint, status, content_type, body from idempotent_request where request_key = ?")
                .param(key)
                .query((rs, row) -> new StoredAnswer(rs.getString("fingerprint"), rs.getInt("status"),
                        rs.getString("content_type"), rs.getString("body")))
                .optional();
    }

    /** The stored answers of those of {@code keys} that have one, in one query. */
    public Map<String, StoredAnswer> findAll(Collection<String> keys) {
        Map<String, StoredAnswer> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql("select request_key, fingerprint, status, content_type, body from idempotent_request"
                        + " where request_key = any(?)")
                .param(keys.toArray(String[]::new))
                .query(rs -> {
                    found.put(rs.getString("request_key"), new StoredAnswer(rs.getString("fingerprint"),
                            rs.getInt("status"), rs.getString("content_type"), rs.getString("body")));
                });
        return found;
    }

    public void save(String key, StoredAnswer answer) {
        jdbc.sql(INSERT)
                .params(key, answer.fingerprint(), answer.status(), answer.contentType(), answer.body())
                .update();
    }

    /** Stores several answers in one JDBC batch, in the caller's transaction. */
    public void saveAll(Map<String, StoredAnswer> answers) {
        List<Object[]> rows = answers.entrySet().stream()
                .map(e -> new Object[] {e.getKey(), e.getValue().fingerprint(), e.getValue().status(),
                        e.getValue().contentType(), e.getValue().body()})
                .toList();
        if (!rows.isEmpty()) {
            template.batchUpdate(INSERT, rows);
        }
    }

    public static String fingerprint(String... parts) {
        return Digests.sha256Hex(parts);
    }

    public record StoredAnswer(String fingerprint, int status, String contentType, String body) {
    }
}
