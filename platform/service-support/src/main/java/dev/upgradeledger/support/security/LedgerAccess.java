package dev.upgradeledger.support.security;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Decides whether an authenticated principal's grants (see {@link Grant}) allow a role on a cluster, a product or
 * everything, and hands the decisions to Spring Security as {@link AuthorizationManager}s for request rules. A
 * request that is not authenticated is never allowed (the filter chain answers it 401).
 */
public class LedgerAccess {

    /** The path variable and query parameter that name a cluster in every service's URLs. */
    public static final String CLUSTER_ID = "clusterId";

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final ObjectProvider<ClusterProducts> products;

    public LedgerAccess(ObjectProvider<ClusterProducts> products) {
        this.products = products;
    }

    public List<Grant> grants(Authentication authentication) {
        if (!trust.isAuthenticated(authentication)) {
            return List.of();
        }
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(Grant::parse).flatMap(Optional::stream).toList();
    }

    /** Whether {@code role} is allowed on the cluster; the product, when null, is looked up only if a grant needs it. */
    public boolean allows(Authentication authentication, Role role, String clusterId, String product) {
        List<Grant> grants = grants(authentication);
        if (grants.stream().anyMatch(grant -> grant.allows(role, clusterId, null))) {
            return true;
        }
        boolean productGrant = grants.stream().anyMatch(grant -> grant.kind() == Grant.Kind.PRODUCT
                && grant.role().includes(role));
        if (!productGrant || clusterId == null) {
            return false;
        }
        String known = product != null ? product : lookUpProduct(clusterId);
        return known != null && grants.stream().anyMatch(grant -> grant.allows(role, clusterId, known));
    }

    public boolean allowsEverywhere(Authentication authentication, Role role) {
        return grants(authentication).stream().anyMatch(grant -> grant.allowsEverywhere(role));
    }

    public boolean allowsProduct(Authentication authentication, Role role, String product) {
        return grants(authentication).stream().anyMatch(grant -> grant.allowsProduct(role, product));
    }

    /** Whether the principal holds {@code role} on any scope at all (a controller then checks the scope itself). */
    public boolean allowsSomewhere(Authentication authentication, Role role) {
        return grants(authentication).stream().anyMatch(grant -> grant.role().includes(role));
    }

    /**
     * For a controller that learns the cluster from the body: throws {@link AccessDeniedException} (answered 403
     * {@code forbidden}, and audited) unless the current principal may act as {@code role} on the cluster.
     */
    public void require(Role role, String clusterId, String product) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!allows(authentication, role, clusterId, product)) {
            throw new AccessDeniedException("needs " + role.wireName() + " on cluster " + clusterId
                    + (product == null ? "" : " or product " + product));
        }
    }

    /** A request rule: {@code role} on the cluster named by the path variable {@value #CLUSTER_ID}. */
    public AuthorizationManager<RequestAuthorizationContext> onCluster(Role role) {
        return (authentication, context) -> decide(authentication.get(), auth -> {
            String clusterId = context.getVariables().get(CLUSTER_ID);
            return clusterId != null && allows(auth, role, clusterId, null);
        });
    }

    /**
     * A request rule for a query across clusters: {@code role} on the cluster of the {@value #CLUSTER_ID} query
     * parameter, or on a product's clusters with {@code ?product=}; without either, on everything.
     */
    public AuthorizationManager<RequestAuthorizationContext> onClusterOrProductParameter(Role role) {
        return (authentication, context) -> decide(authentication.get(), auth -> {
            String clusterId = context.getRequest().getParameter(CLUSTER_ID);
            if (clusterId != null) {
                return allows(auth, role, clusterId, null);
            }
            String product = context.getRequest().getParameter("product");
            if (product != null) {
                return allowsProduct(auth, role, product);
            }
            return allowsEverywhere(auth, role);
        });
    }

    /**
     * A request rule for a query that may name its cluster: {@code role} on the cluster of the {@value #CLUSTER_ID}
     * query parameter; without it, on everything.
     */
    public AuthorizationManager<RequestAuthorizationContext> onClusterParameter(Role role) {
        return (authentication, context) -> decide(authentication.get(), auth -> {
            String clusterId = context.getRequest().getParameter(CLUSTER_ID);
            return clusterId != null ? allows(auth, role, clusterId, null) : allowsEverywhere(auth, role);
        });
    }

    /** A request rule: {@code role} on everything ({@code <role>:*}). */
    public AuthorizationManager<RequestAuthorizationContext> everywhere(Role role) {
        return (authentication, context) -> decide(authentication.get(), auth -> allowsEverywhere(auth, role));
    }

    /** A request rule: {@code role} on some scope; the handler must check the scope with {@link #require}. */
    public AuthorizationManager<RequestAuthorizationContext> somewhere(Role role) {
        return (authentication, context) -> decide(authentication.get(), auth -> allowsSomewhere(auth, role));
    }

    private AuthorizationDecision decide(Authentication authentication, Predicate<Authentication> rule) {
        return new AuthorizationDecision(trust.isAuthenticated(authentication) && rule.test(authentication));
    }

    private String lookUpProduct(String clusterId) {
        ClusterProducts lookup = products.getIfAvailable();
        return lookup == null ? null : lookup.productOf(clusterId).orElse(null);
    }
}
