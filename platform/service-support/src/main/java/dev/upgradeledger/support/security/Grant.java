package dev.upgradeledger.support.security;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a token's roles claim: {@code <role>:<scope>}, where the scope is {@code *} (everything),
 * {@code cluster/<id>} or {@code product/<name>}; an id or name may end in {@code *} to match a prefix
 * ({@code operator:cluster/prod-*}). Examples: {@code viewer:*}, {@code operator:cluster/camunda-eu},
 * {@code operator:product/camunda}, {@code admin:*}, {@code executor:*}.
 *
 * @param role    what the grant allows
 * @param kind    what the scope names
 * @param pattern the cluster id or product name, possibly ending in {@code *}; {@code *} for {@link Kind#ALL}
 */
public record Grant(Role role, Kind kind, String pattern) {

    private static final Pattern SYNTAX = Pattern.compile("(viewer|operator|admin|executor):"
            + "(\\*|(cluster|product)/[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\*?|(cluster|product)/\\*)");

    public enum Kind { ALL, CLUSTER, PRODUCT }

    /** The grant an authority names, or empty when it is not a grant (such as a {@code SCOPE_} authority). */
    public static Optional<Grant> parse(String authority) {
        if (authority == null || !SYNTAX.matcher(authority).matches()) {
            return Optional.empty();
        }
        int colon = authority.indexOf(':');
        Role role = Role.valueOf(authority.substring(0, colon).toUpperCase(Locale.ROOT));
        String scope = authority.substring(colon + 1);
        if (scope.equals("*")) {
            return Optional.of(new Grant(role, Kind.ALL, "*"));
        }
        int slash = scope.indexOf('/');
        Kind kind = scope.startsWith("cluster/") ? Kind.CLUSTER : Kind.PRODUCT;
        return Optional.of(new Grant(role, kind, scope.substring(slash + 1)));
    }

    /** Whether this grant allows {@code needed} on everything. */
    public boolean allowsEverywhere(Role needed) {
        return role.includes(needed) && kind == Kind.ALL;
    }

    /**
     * Whether this grant allows {@code needed} on the cluster; {@code product} may be null when unknown, and then
     * only cluster and global grants count.
     */
    public boolean allows(Role needed, String clusterId, String product) {
        if (!role.includes(needed)) {
            return false;
        }
        return switch (kind) {
            case ALL -> true;
            case CLUSTER -> clusterId != null && matches(clusterId);
            case PRODUCT -> product != null && matches(product);
        };
    }

    /** Whether this grant allows {@code needed} on every cluster of the product. */
    public boolean allowsProduct(Role needed, String product) {
        return role.includes(needed) && (kind == Kind.ALL || (kind == Kind.PRODUCT && matches(product)));
    }

    private boolean matches(String value) {
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(value);
    }

    @Override
    public String toString() {
        return role.wireName() + ":" + (kind == Kind.ALL ? "*" : kind.name().toLowerCase(Locale.ROOT) + "/" + pattern);
    }
}
