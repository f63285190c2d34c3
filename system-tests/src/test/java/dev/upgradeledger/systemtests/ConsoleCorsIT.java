package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS as a browser meets it: command-api answers the SRE console's origin (the projection's, configured with
 * {@code LEDGER_CORS_ALLOWED_ORIGINS}) and refuses any other with problem+json; a service with no origins configured
 * (here the projection) gives no CORS answer at all, so browsers refuse every cross-origin call.
 */
class ConsoleCorsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String commandApi;
    private static String projection;
    private static String consoleOrigin;

    @BeforeAll
    static void start() throws Exception {
        ThreeServices services = ThreeServices.get();
        commandApi = services.commandApi.baseUrl().toString();
        projection = services.projection.baseUrl().toString();
        consoleOrigin = projection;
    }

    @Test
    void aPreflightFromTheConsolesOriginIsAnsweredBeforeAuthentication() throws Exception {
        HttpResponse<String> preflight = preflight(commandApi + "/api/v1/clusters/c1/upgrades/u1/resume",
                consoleOrigin);

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(consoleOrigin);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(methods ->
                assertThat(methods).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(headers ->
                assertThat(headers.toLowerCase()).contains("authorization", "content-type"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void aCommandFromTheConsolesOriginCarriesTheCorsHeaderAndStillNeedsItsToken() throws Exception {
        String cluster = "cors-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(commandApi
                        + "/api/v1/clusters/" + cluster + "/upgrades/u1/resume")).header("Origin", consoleOrigin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> signed = HTTP.send(HttpRequest.newBuilder(URI.create(commandApi
                        + "/api/v1/clusters/" + cluster + "/upgrades/u1/resume")).header("Origin", consoleOrigin)
                .header("Authorization", "Bearer " + TestIssuer.get().token("sre-carol", "operator:*"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(consoleOrigin);
        assertThat(signed.statusCode()).as(signed.body()).isBetween(400, 499);
        assertThat(ApiClient.json(signed.body()).get("type").asString()).startsWith("urn:upgrade-ledger:problem:");
    }

    @Test
    void anyOtherOriginIsRefusedWithAProblemAndNoCorsHeader() throws Exception {
        HttpResponse<String> preflight = preflight(commandApi + "/api/v1/clusters/c1/upgrades/u1/resume",
                "https://evil.example");

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(ApiClient.json(preflight.body()).get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:origin-not-allowed");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(commandApi
                        + "/api/v1/clusters/c1/upgrades/u1/resume")).header("Origin", "https://evil.example")
                .header("Authorization", "Bearer " + TestIssuer.get().token("sre-carol", "operator:*"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(post.body()).get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:origin-not-allowed");
    }

    @Test
    void aServiceWithoutAllowedOriginsGivesNoCorsAnswer() throws Exception {
        HttpResponse<String> preflight = preflight(projection + "/api/v1/clusters", commandApi);

        assertThat(preflight.statusCode()).isEqualTo(401);
        assertThat(preflight.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static HttpResponse<String> preflight(String url, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
