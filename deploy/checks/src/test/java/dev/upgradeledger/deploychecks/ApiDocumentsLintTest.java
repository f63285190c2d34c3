package dev.upgradeledger.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API documents pass standard linters with no error: the three services' OpenAPI documents (docs/openapi/, kept
 * equal to what the services serve by the system test ApiContractsIT) Redocly's recommended rules, and the AsyncAPI
 * document of the topics (kept equal to the records by AsyncApiDocumentTest) the AsyncAPI parser. Warnings are
 * printed, and listed in docs/api.md.
 */
class ApiDocumentsLintTest {

    private static final Logger log = LoggerFactory.getLogger(ApiDocumentsLintTest.class);

    private final Path openapi = DeployFiles.repository().resolve("docs/openapi");
    private final Path asyncapi = DeployFiles.repository()
            .resolve("shared-events/src/main/resources/META-INF/resources/contracts/asyncapi.json");

    @Test
    void theThreeOpenApiDocumentsPassRedoclysRecommendedRules() {
        Path[] documents = {openapi.resolve("command-api.json"), openapi.resolve("projection.json"),
                openapi.resolve("executor.json")};
        assertThat(documents).allSatisfy(document -> assertThat(document).isRegularFile());

        ApiLinters.Result result = ApiLinters.redocly(documents);
        log.info("redocly lint:\n{}", result.output());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as(result.output()).doesNotContainPattern("(?i)\\b[1-9][0-9]* errors?\\b");
    }

    @Test
    void theAsyncApiDocumentPassesTheAsyncApiParser() {
        ApiLinters.Result result = ApiLinters.asyncapi(asyncapi);
        log.info("AsyncAPI parser:\n{}", result.output());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("asyncapi.json: parsed").doesNotContain(" Error ");
    }

    @Test
    void redoclyRejectsAResponseHeaderWithoutASchema(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), """
                {"openapi":"3.1.0","info":{"title":"t","version":"1","license":{"name":"x","url":"https://x.test"}},
                 "servers":[{"url":"http://localhost:8080"}],
                 "paths":{"/things":{"get":{"operationId":"things","summary":"Things","security":[],
                   "responses":{"200":{"description":"ok","headers":{"Link":{"description":"next"}}},
                                "400":{"description":"bad"}}}}}}
                """);

        ApiLinters.Result result = ApiLinters.redocly(broken);

        assertThat(result.exitCode()).as("redocly must fail on a header without a schema: " + result.output())
                .isNotZero();
    }

    @Test
    void theAsyncApiParserRejectsAMessageWithoutPayloadSchemaType(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), """
                {"asyncapi":"3.0.0","info":{"title":"t","version":"1"},
                 "channels":{"c":{"address":"c","messages":{"m":{"payload":{"type":"not-a-type"}}}}}}
                """);

        ApiLinters.Result result = ApiLinters.asyncapi(broken);

        assertThat(result.exitCode()).as("the parser must fail on an invalid schema: " + result.output()).isNotZero();
    }
}
