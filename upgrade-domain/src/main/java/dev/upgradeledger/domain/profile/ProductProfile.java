package dev.upgradeledger.domain.profile;

import dev.upgradeledger.domain.rules.VersionScheme;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a product's upgrade guide asks for, declared once per product: its release catalog and rules, the version scheme
 * that orders versions without a catalog, whether nodes may drift apart, its component roles in upgrade order, the
 * extra steps of its procedure, and whether a rolling upgrade halts workloads first.
 *
 * @param catalog                the product's release catalog, or null when the guide names none
 * @param rules                  the catalog's rules (null exactly when {@code catalog} is)
 * @param allowVersionDrift      whether nodes may run different versions ({@code single-version} off); no guide allows it
 * @param roles                  the component roles in upgrade order (the first is upgraded first)
 * @param schemaStepRole         the role whose node runs the schema step (Backend.AI: the manager), or null
 * @param extraSteps             steps the guide adds to a hop
 * @param haltWorkloadsOnRolling whether a rolling upgrade halts workloads first (Backend.AI: mission-critical ones)
 */
public record ProductProfile(String product, String guide, VersionScheme versionScheme, ReleaseCatalog catalog,
                             PolicyRules rules, boolean allowVersionDrift, List<Role> roles, String schemaStepRole,
                             List<ExtraStep> extraSteps, boolean haltWorkloadsOnRolling) {

    public ProductProfile {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(versionScheme, "versionScheme");
        if ((catalog == null) != (rules == null)) {
            throw new IllegalArgumentException("a release catalog comes with its rules");
        }
        roles = List.copyOf(roles);
        extraSteps = List.copyOf(extraSteps);
    }

    /**
     * A component role.
     *
     * @param rolling true when its nodes are upgraded one batch after another, false when all of them at once
     */
    public record Role(String name, boolean rolling) {
    }

    /**
     * A step the guide adds to a hop.
     *
     * @param when       {@code MAJOR} (a hop into a new release line) or {@code EVERY_HOP}
     * @param role       the role whose node runs it
     * @param action     what the driver does, e.g. {@code APPLY_MISSION_REVISIONS}
     * @param parameters its parameters; {@code {fromVersion}} stands for the hop's previous version
     */
    public record ExtraStep(String when, String role, String action, Map<String, String> parameters) {

        public ExtraStep {
            parameters = Map.copyOf(parameters);
        }
    }
}
