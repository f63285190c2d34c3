package dev.upgradeledger.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local issuer hands out signed tokens that carry each client's ledger grants, verifiable with its JWKS; a person
 * signs in for the console with the authorization code grant and PKCE and gets a token with the user's grants.
 */
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

    private static final String CONSOLE = "http://127.0.0.1:8081";
    private static final String REDIRECT = CONSOLE + "/console/signed-in.html";

    @Test
    void aPersonSignsInForTheConsoleWithACodeAndPkceAndGetsATokenWithTheirGrants() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = "/oauth2/authorize?response_type=code&client_id=ledger-console&scope=openid&state=s-1"
                + "&redirect_uri=" + form(REDIRECT) + "&code_challenge=" + challenge + "&code_challenge_method=S256";

        HttpResponse<String> toLogin = browser.send(get(authorize), HttpResponse.BodyHandlers.ofString());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(toLogin.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
        String page = browser.send(get("/login"), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as(page).isTrue();
        HttpResponse<String> wrong = browser.send(post("/login", "username=sre-operator&password=guess&_csrf="
                + form(csrf.group(1))), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to)
                .contains("/login?error"));
        HttpResponse<String> signedIn = browser.send(post("/login", "username=sre-operator&password="
                + "operator-password&_csrf=" + form(csrf.group(1))), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        HttpResponse<String> back = browser.send(get(signedIn.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "")), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(REDIRECT + "?code=").contains("state=s-1");
        String code = callback.replaceFirst(".*[?&]code=([^&]+).*", "$1");

        String exchange = "grant_type=authorization_code&client_id=ledger-console&redirect_uri=" + form(REDIRECT)
                + "&code=" + code + "&code_verifier=";
        HttpResponse<String> guessed = browser.send(post("/oauth2/token", exchange + "not-the-verifier-of-this-code"
                + "-not-the-verifier"), HttpResponse.BodyHandlers.ofString());
        assertThat(guessed.statusCode()).as("PKCE: the code alone is worth nothing").isEqualTo(400);
        HttpResponse<String> token = browser.send(post("/oauth2/token", exchange + verifier),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).hasValue(CONSOLE);
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks").build()
                .decode(JsonMapper.builder().build().readTree(token.body()).get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo("sre-operator");
        assertThat(jwt.getClaimAsStringList("ledger_roles")).containsExactly("operator:*");
        assertThat(browser.send(post("/oauth2/token", exchange + verifier), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("a code is used once").isEqualTo(400);
    }

    @Test
    void onlyTheConsolesOriginMayFetchATokenFromABrowser() throws Exception {
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> console = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Origin", CONSOLE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.headers().firstValue("Access-Control-Allow-Origin")).hasValue(CONSOLE);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/html")
                .GET().build();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", CONSOLE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
