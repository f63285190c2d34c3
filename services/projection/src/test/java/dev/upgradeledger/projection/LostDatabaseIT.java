package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The projection on a PostgreSQL of its own, which the test really stops: every query then answers 503
 * {@code service-unavailable} as problem+json with {@code Retry-After}, never a 500. The Kafka listeners stay off
 * (the records are other tests'), and the context is thrown away afterwards.
 */
@LedgerIntegrationTest
@Import(LostDatabaseIT.OwnDatabase.class)
@TestPropertySource(properties = {
        "spring.kafka.listener.auto-startup=false",
        "spring.datasource.hikari.connection-timeout=2000",
        "spring.datasource.hikari.validation-timeout=1000"})
@DirtiesContext
class LostDatabaseIT extends ServiceIntegrationTest {

    private static EmbeddedPostgres database;

    @TestConfiguration(proxyBeanMethods = false)
    static class OwnDatabase {

        @Bean
        @Primary
        JdbcConnectionDetails ownDatabase() {
            EmbeddedPostgres postgres = database();
            return new JdbcConnectionDetails() {
                @Override
                public String getUsername() {
                    return "postgres";
                }

                @Override
                public String getPassword() {
                    return "postgres";
                }

                @Override
                public String getJdbcUrl() {
                    return postgres.getJdbcUrl("postgres", "postgres");
                }
            };
        }
    }

    private static synchronized EmbeddedPostgres database() {
        if (database == null) {
            try {
                database = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return database;
    }

    @AfterAll
    static void removeDatabase() throws IOException {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void queriesAnswer503WithRetryAfterWhileTheDatabaseIsStopped() throws IOException {
        List<String> queries = List.of("/api/v1/clusters", "/api/v1/clusters/lost-db",
                "/api/v1/clusters/lost-db/nodes", "/api/v1/clusters/lost-db/history",
                "/api/v1/clusters/lost-db/upgrades");
        assertThat(api.get("/api/v1/clusters").status()).isEqualTo(200);

        database.close();

        for (String query : queries) {
            for (int attempt = 1; attempt <= 2; attempt++) { // a pooled connection that broke, then a new one
                ApiClient.ApiResponse answer = api.get(query);
                assertThat(answer.status()).as(query + " " + answer.body()).isEqualTo(503);
                assertThat(answer.contentType()).as(query).startsWith("application/problem+json");
                assertThat(answer.json().path("type").asString())
                        .isEqualTo("urn:upgrade-ledger:problem:service-unavailable");
                assertThat(answer.header("Retry-After")).as(query).isEqualTo("5");
            }
        }
    }
}
