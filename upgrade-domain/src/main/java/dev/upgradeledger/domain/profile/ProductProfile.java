package dev.upgradeledger.domain.profile;

import dev.upgradeledger.domain.policy.Hop;
import dev.upgradeledger.domain.rules.VersionScheme;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a product's upgrade guide asks for, declared once per product: its release catalog and rules, the version scheme
 * that orders versions without a catalog, whether nodes may drift apart, its component roles in upgrade order, the
 * extra steps of its procedure, whether a rolling upgrade halts workloads first, and what a major hop is.
 *
 * @param catalog                the product's release catalog, or null when the guide names none
 * @param rules                  the catalog's rules (null exactly when {@code catalog} is)
 * @param allowVersionDrift      whether nodes may run different versions ({@code single-version} off); no guide allows it
 * @param roles                  the component roles in upgrade order (the first is upgraded first)
 * @param schemaStepRole         the role whose node runs the schema step (Backend.AI: the manager), or null
 * @param extraSteps             steps the guide adds to a hop
 * @param haltWorkloadsOnRolling whether a rolling upgrade halts workloads first (Backend.AI: mission-critical ones)
 * @param majorHop               what makes a hop major (a major hop halts workloads whatever the strategy and gets the
 *                               {@code MAJOR} extra steps)
 * @param approvalBeforeFirstStep what an operator approves before the first step of every hop (an {@code APPROVAL}
 *                               stage, e.g. Backend.AI's "read the release notes"), or null for no approval
 * @param migration              how a {@code MIGRATION} runs on the target ({@code MOVE_WORKLOADS} when null)
 */
public record ProductProfile(String product, String guide, VersionScheme versionScheme, ReleaseCatalog catalog,
                             PolicyRules rules, boolean allowVersionDrift, List<Role> roles, String schemaStepRole,
                             List<ExtraStep> extraSteps, boolean haltWorkloadsOnRolling, MajorHop majorHop,
                             String approvalBeforeFirstStep, MigrationProcedure migration) {

    /** {@code when} of an extra step that comes with every major hop. */
    public static final String MAJOR = "MAJOR";
    /** {@code when} of an extra step that comes with every hop. */
    public static final String EVERY_HOP = "EVERY_HOP";

    public ProductProfile {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(versionScheme, "versionScheme");
        if ((catalog == null) != (rules == null)) {
            throw new IllegalArgumentException("a release catalog comes with its rules");
        }
        roles = List.copyOf(roles);
        extraSteps = List.copyOf(extraSteps);
        majorHop = majorHop == null ? MajorHop.FIRST_NUMBER : majorHop;
        migration = migration == null ? MigrationProcedure.MOVE_WORKLOADS : migration;
    }

    /** A profile whose {@code MIGRATION} moves workloads group by group (the procedure before profiles chose one). */
    public ProductProfile(String product, String guide, VersionScheme versionScheme, ReleaseCatalog catalog,
                          PolicyRules rules, boolean allowVersionDrift, List<Role> roles, String schemaStepRole,
                          List<ExtraStep> extraSteps, boolean haltWorkloadsOnRolling, MajorHop majorHop,
                          String approvalBeforeFirstStep) {
        this(product, guide, versionScheme, catalog, rules, allowVersionDrift, roles, schemaStepRole, extraSteps,
                haltWorkloadsOnRolling, majorHop, approvalBeforeFirstStep, null);
    }

    /** A profile without an approval before the first step. */
    public ProductProfile(String product, String guide, VersionScheme versionScheme, ReleaseCatalog catalog,
                          PolicyRules rules, boolean allowVersionDrift, List<Role> roles, String schemaStepRole,
                          List<ExtraStep> extraSteps, boolean haltWorkloadsOnRolling, MajorHop majorHop) {
        this(product, guide, versionScheme, catalog, rules, allowVersionDrift, roles, schemaStepRole, extraSteps,
                haltWorkloadsOnRolling, majorHop, null, null);
    }

    /** The declared role of this name. */
    public Optional<Role> role(String name) {
        return roles.stream().filter(role -> role.name().equals(name)).findFirst();
    }

    /** Whether {@code hop} is a major upgrade of this product. */
    public boolean isMajor(Hop hop) {
        return majorHop.isMajor(hop, versionScheme);
    }

    /** The extra steps a hop gets: the {@code EVERY_HOP} ones, and the {@code MAJOR} ones when it is major. */
    public List<ExtraStep> extraStepsFor(boolean major) {
        return extraSteps.stream().filter(step -> EVERY_HOP.equals(step.when()) || (major && MAJOR.equals(step.when())))
                .toList();
    }

    /**
     * A component role.
     *
     * @param rolling true when its nodes are upgraded one batch after another, false when all of them at once
     */
    public record Role(String name, boolean rolling) {
    }

    /**
     * A step the guide adds to a hop, run on a node of {@code role} right after that role's nodes were upgraded (and,
     * when the role runs the schema step, after it).
     *
     * @param when       {@code MAJOR} (a major hop) or {@code EVERY_HOP}
     * @param role       the role whose node runs it
     * @param action     what the driver does, e.g. {@code APPLY_MISSION_REVISIONS}
     * @param parameters its parameters; {@code {fromVersion}} stands for the hop's previous version
     */
    public record ExtraStep(String when, String role, String action, Map<String, String> parameters) {

        public ExtraStep {
            parameters = Map.copyOf(parameters);
        }
    }

    /** How a {@code MIGRATION} to a second cluster runs once the source's state is on the target. */
    public enum MigrationProcedure {
        /**
         * Halt and export the source, import into the target, move the workload groups over one at a time and resume
         * on the target (Replicante, and products without a profile).
         */
        MOVE_WORKLOADS,
        /**
         * The Inmanta orchestrator migration: validate the target first; halt, stop the old server, dump; stop the new
         * server, restore, start it; check every environment (workload group) is there and still halted; then one
         * environment at a time: update project and recompile, wait for the compile to succeed, resume it.
         */
        PER_ENVIRONMENT
    }

    /** What makes a hop major. */
    public enum MajorHop {
        /** The hop enters a new release line of the catalog (Backend.AI 23.09 -> 24.03); the first number without one. */
        NEW_LINE,
        /** The first number of the version changes (Camunda 7 -> 8; 7.5 -> 7.6 is a minor). */
        FIRST_NUMBER;

        public boolean isMajor(Hop hop, VersionScheme scheme) {
            if (this == NEW_LINE && hop.entersNewLine()) {
                return true;
            }
            return scheme.firstNumberChanges(hop.from(), hop.to());
        }
    }
}
