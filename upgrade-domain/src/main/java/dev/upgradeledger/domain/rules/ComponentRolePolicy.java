package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.Rule;
import java.util.Optional;

/**
 * {@code unknown-role}: a node's role is one its product's profile declares, since the profile's order of roles
 * ({@code component-order}: Backend.AI "upgrade the manager first, then the other components") is what plans follow.
 * A node without a role, or of a product without a profile, is accepted; such nodes are upgraded after the declared
 * roles, and a plan that cannot follow the profile's order lists {@code component-order} as not checked.
 */
public final class ComponentRolePolicy {

    public Optional<Refusal> nodeRole(ProductProfile profile, NodeSpec node) {
        if (node.role() == null || profile == null || profile.role(node.role()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(Rule.UNKNOWN_ROLE, "node " + node.id() + " has role " + node.role() + ", which"
                        + " the " + profile.product() + " profile does not declare; its roles, in upgrade order: "
                        + profile.roles().stream().map(ProductProfile.Role::name).toList(),
                "give the node one of the roles " + profile.roles().stream().map(ProductProfile.Role::name).toList()
                        + ", or leave the role out"));
    }
}
