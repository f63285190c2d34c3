package dev.upgradeledger.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A real OpenID issuer for tests, one per JVM: an RSA key, its JWKS and OpenID configuration served over HTTP on
 * 127.0.0.1, and tokens signed with that key. Services under test are pointed at {@link #issuerUri()} (as
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}), so they check these tokens exactly as they would a
 * production provider's. The grants a token carries are in the {@value #ROLES_CLAIM} claim.
 */
public final class TestIssuer {

    public static final String ROLES_CLAIM = "ledger_roles";

    private static TestIssuer instance;

    private final RSAKey key;
    private final RSAKey strangerKey;
    private final HttpServer server;
    private final String issuerUri;

    private TestIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-issuer-" + UUID.randomUUID()).generate();
            strangerKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuerUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/issuer";
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        String configuration = "{\"issuer\":\"" + issuerUri + "\",\"jwks_uri\":\"" + issuerUri + "/jwks\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"subject_types_supported\":[\"public\"],"
                + "\"response_types_supported\":[\"code\"]}";
        server.createContext("/issuer/.well-known/openid-configuration", exchange -> answer(exchange, configuration));
        server.createContext("/issuer/jwks", exchange -> answer(exchange, jwks));
        server.setExecutor(null);
        server.start();
    }

    public static synchronized TestIssuer get() {
        if (instance == null) {
            instance = new TestIssuer();
        }
        return instance;
    }

    public String issuerUri() {
        return issuerUri;
    }

    /** A token of {@code subject} with these grants (e.g. {@code "operator:cluster/c1"}), valid for six hours. */
    public String token(String subject, String... grants) {
        return sign(key, claims(subject, issuerUri, Instant.now(), Duration.ofHours(6), grants));
    }

    /** Everything but reporting step outcomes: the default token of {@link ApiClient}. */
    public String admin() {
        return token("test-admin", "admin:*");
    }

    public String operator(String clusterId) {
        return token("test-operator", "operator:cluster/" + clusterId);
    }

    public String viewer() {
        return token("test-viewer", "viewer:*");
    }

    /** The executor service's token: the only one that may report step outcomes. */
    public String executor() {
        return token("executor", "executor:*");
    }

    /** A token that expired ten minutes ago (beyond the resource server's one-minute clock skew). */
    public String expired(String subject, String... grants) {
        return sign(key, claims(subject, issuerUri, Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(50),
                grants));
    }

    /** A token signed with this issuer's key but naming another issuer. */
    public String fromOtherIssuer(String subject, String... grants) {
        return sign(key, claims(subject, "http://127.0.0.1:1/other-issuer", Instant.now(), Duration.ofHours(1),
                grants));
    }

    /** A token naming this issuer and its key id but signed with another key: a forgery. */
    public String forged(String subject, String... grants) {
        return sign(strangerKey, claims(subject, issuerUri, Instant.now(), Duration.ofHours(1), grants));
    }

    /** A token of a service acting for a person (RFC 8693): {@code sub} the person, {@code act.sub} the service. */
    public String actingFor(String service, String person, String... grants) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(person, issuerUri, Instant.now(), Duration.ofHours(1),
                grants)).claim("act", java.util.Map.of("sub", service)).build();
        return sign(key, claims);
    }

    private static JWTClaimsSet claims(String subject, String issuer, Instant issuedAt, Duration lifetime,
                                       String... grants) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("name", "Test " + subject)
                .claim(ROLES_CLAIM, List.of(grants))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
