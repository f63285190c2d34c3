package dev.upgradeledger.support.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

class LedgerApiDocumentTest {

    private static final String TOKEN_URL = "https://issuer.example.internal/oauth2/token";

    @Test
    void theDocumentIsNamedAfterTheServiceNotOpenApiDefinitionV0() {
        OpenAPI api = new OpenAPI();

        new LedgerApiDocument("projection", "1.0.0", TOKEN_URL).complete(api);

        assertThat(api.getInfo().getTitle()).isEqualTo("Upgrade Ledger projection API");
        assertThat(api.getInfo().getVersion()).isEqualTo("1.0.0");
        assertThat(api.getComponents().getSchemas()).containsKey("Problem");
    }

    @Test
    void aCommandDeclaresEveryProblemItMayAnswerAsProblemJsonAndItsHeaders() {
        Operation request = new Operation().requestBody(new RequestBody())
                .addParametersItem(new PathParameter().name("clusterId"))
                .responses(new ApiResponses().addApiResponse("201", new ApiResponse().description("accepted")));
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/api/v1/clusters/{clusterId}/upgrades",
                new PathItem().post(request)));

        new LedgerApiDocument("command-api", "1.0.0", TOKEN_URL).complete(api);

        assertThat(request.getResponses()).containsKeys("201", "400", "401", "403", "404", "406", "409", "413", "415",
                "422", "500", "503");
        assertThat(request.getResponses().get("422").getContent()).containsOnlyKeys("application/problem+json");
        assertThat(request.getResponses().get("422").getContent().get("application/problem+json").getSchema()
                .get$ref()).isEqualTo("#/components/schemas/Problem");
        assertThat(request.getParameters()).extracting(parameter -> parameter.getName())
                .contains("Idempotency-Key", "X-Actor", "X-Correlation-Id");
    }

    @Test
    void aQueryWithoutParametersGetsOnlyTheTokenProblemsNotAcceptableAndTheServersAndEveryHeaderGetsASchema() {
        Operation list = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                .description("the clusters").addHeaderObject("Link", new Header().description("rel=next"))));
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/api/v1/clusters", new PathItem().get(list)));

        new LedgerApiDocument("projection", "1.0.0", TOKEN_URL).complete(api);

        assertThat(list.getResponses()).containsOnlyKeys("200", "401", "403", "406", "500", "503");
        assertThat(list.getResponses().get("503").getHeaders()).containsKey("Retry-After");
        assertThat(list.getResponses().get("200").getHeaders().get("Link").getSchema().getType()).isEqualTo("string");
        assertThat(list.getParameters()).isNull();
    }

    @Test
    void everyOperationNeedsTheBearerJwtGotWithClientCredentialsFromTheConfiguredTokenUrl() {
        Operation list = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                .description("the clusters")));
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/api/v1/clusters", new PathItem().get(list)));

        new LedgerApiDocument("projection", "1.0.0", TOKEN_URL).complete(api);

        assertThat(api.getComponents().getSecuritySchemes().get("bearerJwt").getScheme()).isEqualTo("bearer");
        assertThat(api.getComponents().getSecuritySchemes().get("bearerJwt").getBearerFormat()).isEqualTo("JWT");
        assertThat(api.getComponents().getSecuritySchemes().get("oauth2ClientCredentials").getFlows()
                .getClientCredentials().getTokenUrl()).isEqualTo(TOKEN_URL);
        assertThat(api.getSecurity()).flatExtracting(requirement -> requirement.keySet())
                .containsExactly("bearerJwt", "oauth2ClientCredentials");
        assertThat(list.getResponses().get("401").getHeaders()).containsKey("WWW-Authenticate");
        assertThat(list.getResponses().get("403").getContent()).containsOnlyKeys("application/problem+json");
    }

    @Test
    void theTokenUrlIsASettingThatDefaultsToTheIssuersTokenEndpoint() {
        org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://issuer.example/");

        assertThat(ApiDocumentationConfiguration.tokenUrl(environment)).isEqualTo("https://issuer.example/oauth2/token");
        assertThat(ApiDocumentationConfiguration.tokenUrl(environment.withProperty("ledger.api.token-url", TOKEN_URL)))
                .isEqualTo(TOKEN_URL);
    }

    @Test
    void aStringsNumericExampleStaysAStringAndSpringsUnusedProblemDetailGoes() {
        // as springdoc makes it for OpenAPI 3.1: a JSON schema typed string, whose example was read as JSON
        io.swagger.v3.oas.models.media.Schema<Object> version = new io.swagger.v3.oas.models.media.JsonSchema()
                .types(java.util.Set.of("string"));
        version.setExample(new java.math.BigDecimal("7.5"));
        assertThat(version.getExample()).isInstanceOf(Number.class);
        OpenAPI api = new OpenAPI().components(new io.swagger.v3.oas.models.Components()
                .addSchemas("Body", new io.swagger.v3.oas.models.media.ObjectSchema().addProperty("version", version))
                .addSchemas("ProblemDetail", new io.swagger.v3.oas.models.media.ObjectSchema()))
                .paths(new Paths());

        new LedgerApiDocument("command-api", "1.0.0", TOKEN_URL).complete(api);

        assertThat(version.getExample()).isEqualTo("7.5");
        assertThat(api.getComponents().getSchemas()).containsKey("Body").doesNotContainKey("ProblemDetail");
    }

    @Test
    void aMethodNameBecomesASummary() {
        assertThat(LedgerApiDocument.sentence("takeSnapshot")).isEqualTo("Take snapshot");
        assertThat(LedgerApiDocument.sentence("finalizeUpgrade")).isEqualTo("Finalize upgrade");
    }
}
