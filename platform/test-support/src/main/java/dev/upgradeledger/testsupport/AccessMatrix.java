package dev.upgradeledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;

/**
 * The security matrix of an endpoint: the same request sent with every {@link Persona}'s token (none, expired, from
 * another issuer, forged, and each role), each answer checked against what the endpoint {@link Needs}. A refused
 * request answers 401 {@code unauthenticated} or 403 {@code forbidden} as problem+json; an allowed one gets past
 * authorization (any answer but 401, 403 or a 5xx).
 */
public final class AccessMatrix {

    /** Who calls, relative to the one cluster a matrix is about. */
    public enum Persona {
        NO_TOKEN(issuer -> cluster -> null),
        EXPIRED(issuer -> cluster -> issuer.expired("expired-admin", "admin:*")),
        WRONG_ISSUER(issuer -> cluster -> issuer.fromOtherIssuer("foreign-admin", "admin:*")),
        FORGED(issuer -> cluster -> issuer.forged("forged-admin", "admin:*", "executor:*")),
        VIEWER(issuer -> cluster -> issuer.viewer()),
        OPERATOR_OF_ANOTHER_CLUSTER(issuer -> cluster -> issuer.token("other-operator",
                "operator:cluster/another-" + cluster, "viewer:cluster/another-" + cluster)),
        OPERATOR(issuer -> cluster -> issuer.operator(cluster)),
        ADMIN(issuer -> cluster -> issuer.admin()),
        EXECUTOR(issuer -> cluster -> issuer.executor());

        private final Function<TestIssuer, Function<String, String>> token;

        Persona(Function<TestIssuer, Function<String, String>> token) {
            this.token = token;
        }

        public String token(String clusterId) {
            return token.apply(TestIssuer.get()).apply(clusterId);
        }

        boolean authenticates() {
            return this != NO_TOKEN && this != EXPIRED && this != WRONG_ISSUER && this != FORGED;
        }
    }

    /** What an endpoint needs, relative to the matrix's cluster. */
    public enum Needs {
        /** Open without a token; a token that is sent must still be valid (Spring Security rejects a bad one). */
        NOTHING(EnumSet.of(Persona.NO_TOKEN, Persona.VIEWER, Persona.OPERATOR_OF_ANOTHER_CLUSTER, Persona.OPERATOR,
                Persona.ADMIN, Persona.EXECUTOR)),
        ANY_TOKEN(EnumSet.of(Persona.VIEWER, Persona.OPERATOR_OF_ANOTHER_CLUSTER, Persona.OPERATOR, Persona.ADMIN,
                Persona.EXECUTOR)),
        VIEWER_OF_CLUSTER(EnumSet.of(Persona.VIEWER, Persona.OPERATOR, Persona.ADMIN)),
        VIEWER_OF_ALL(EnumSet.of(Persona.VIEWER, Persona.ADMIN)),
        OPERATOR_OF_CLUSTER(EnumSet.of(Persona.OPERATOR, Persona.ADMIN)),
        EXECUTOR(EnumSet.of(Persona.EXECUTOR)),
        ADMIN(EnumSet.of(Persona.ADMIN));

        private final Set<Persona> allowed;

        Needs(Set<Persona> allowed) {
            this.allowed = allowed;
        }

        public boolean allows(Persona persona) {
            return allowed.contains(persona);
        }
    }

    private AccessMatrix() {
    }

    /**
     * Sends the request as every persona in {@code personas} and checks each answer; {@code body} null sends none.
     *
     * @return how many of the requests were refused
     */
    public static int check(ApiClient service, String clusterId, String method, String path, String body,
                            Needs needs, Set<Persona> personas) {
        SoftAssertions softly = new SoftAssertions();
        int refused = 0;
        for (Persona persona : personas) {
            String token = persona.token(clusterId);
            ApiClient client = token == null ? service.anonymous() : service.as(token);
            ApiResponse response = client.send(method, path, body);
            String what = method + " " + path + " as " + persona + ": " + response.status() + " " + response.body();
            if (needs.allows(persona)) {
                softly.assertThat(response.status()).as(what).isNotIn(401, 403).isLessThan(500);
            } else {
                refused++;
                int expected = persona.authenticates() ? 403 : 401;
                softly.assertThat(response.status()).as(what).isEqualTo(expected);
                softly.assertThat(response.contentType()).as(what).startsWith("application/problem+json");
                softly.assertThat(response.body()).as(what).contains(expected == 401
                        ? "urn:upgrade-ledger:problem:unauthenticated" : "urn:upgrade-ledger:problem:forbidden");
                if (expected == 401) {
                    softly.assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
                }
            }
        }
        softly.assertAll();
        return refused;
    }

    /** {@link #check} with every persona. */
    public static int check(ApiClient service, String clusterId, String method, String path, String body,
                            Needs needs) {
        return check(service, clusterId, method, path, body, needs, EnumSet.allOf(Persona.class));
    }

    /** {@link #check} with the personas the endpoint refuses only: nothing the request would do happens. */
    public static int checkRefusals(ApiClient service, String clusterId, String method, String path, String body,
                                    Needs needs) {
        EnumSet<Persona> refused = EnumSet.noneOf(Persona.class);
        for (Persona persona : Persona.values()) {
            if (!needs.allows(persona)) {
                refused.add(persona);
            }
        }
        int count = check(service, clusterId, method, path, body, needs, refused);
        assertThat(count).isEqualTo(refused.size());
        return count;
    }
}
