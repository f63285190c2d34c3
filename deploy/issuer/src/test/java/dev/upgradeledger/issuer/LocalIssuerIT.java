package dev.upgradeledger.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.json.JsonMapper;

/** The local issuer hands out signed tokens that carry each client's ledger grants, verifiable with its JWKS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LocalIssuerIT {

    @LocalServerPort
    int port;

    @Test
    void aClientGetsATokenWithItsGrantsSignedWithThePublishedKey() throws Exception {
        String basic = Base64.getEncoder().encodeToString("ledger-executor:executor-secret"
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String token = JsonMapper.builder().build().readTree(response.body()).get("access_token").asString();
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks").build().decode(token);
        assertThat(jwt.getSubject()).isEqualTo("ledger-executor");
        assertThat(jwt.getClaimAsStringList("ledger_roles")).containsExactly("executor:*");
    }

    @Test
    void aWrongSecretGetsNoToken() throws Exception {
        String basic = Base64.getEncoder().encodeToString("ledger-admin:guess".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }
}
