package dev.upgradeledger.commandapi.idempotency;

import dev.upgradeledger.support.Digests;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored first answers, by key. Writes join the caller's transaction. */
@Repository
public class IdempotencyStore {

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredAnswer> find(String key) {
        return jdbc.sql("select fingerprint, status, content_type, body from idempotent_request where request_key = ?")
                .param(key)
                .query((rs, row) -> new StoredAnswer(rs.getString("fingerprint"), rs.getInt("status"),
                        rs.getString("content_type"), rs.getString("body")))
                .optional();
    }

    public void save(String key, StoredAnswer answer) {
        jdbc.sql("insert into idempotent_request (request_key, fingerprint, status, content_type, body)"
                        + " values (?, ?, ?, ?, ?)")
                .params(key, answer.fingerprint(), answer.status(), answer.contentType(), answer.body())
                .update();
    }

    public static String fingerprint(String... parts) {
        return Digests.sha256Hex(parts);
    }

    public record StoredAnswer(String fingerprint, int status, String contentType, String body) {
    }
}
