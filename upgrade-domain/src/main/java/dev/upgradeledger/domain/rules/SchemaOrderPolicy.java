package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code node-not-newer-than-schema}: "an engine must never run on a schema older than itself" (Camunda), checked as
 * an order in the release catalog, for every strategy: a plan is refused when a hop would leave the schema behind the
 * nodes' version, and a step that would run a node newer than the schema does not start. Schema versions the catalog
 * does not list (an IPFS state format "1") cannot be ordered; then a ROLLING upgrade falls back to "the schema is the
 * plan's target" and the rule is reported as not checked.
 */
public final class SchemaOrderPolicy {

    /** A hop to {@code nodeVersion} whose schema ends at {@code schemaVersion}. */
    public Optional<Refusal> checkHop(VersionPolicy policy, Version nodeVersion, Version schemaVersion) {
        if (!ordered(policy, nodeVersion, schemaVersion) || !policy.isAfter(nodeVersion, schemaVersion)) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(Rule.NODE_NOT_NEWER_THAN_SCHEMA, "the nodes would run " + nodeVersion
                        + " on schema " + schemaVersion + "; " + Rule.NODE_NOT_NEWER_THAN_SCHEMA.sentence() + " ("
                        + Rule.NODE_NOT_NEWER_THAN_SCHEMA.guide() + ")",
                "declare the schema change (schemaChange ADDITIVE, or a targetSchemaVersion of at least "
                        + nodeVersion + ")"));
    }

    /**
     * Before a node runs {@code nodeVersion} on the schema {@code schemaNow}: the violation, or empty. Without an
     * order (no catalog, or versions it lacks) it falls back to {@code fallbackSchema} being reached.
     */
    public Optional<String> violation(VersionPolicy policy, Version nodeVersion, Version schemaNow,
                                      Version fallbackSchema) {
        if (ordered(policy, nodeVersion, schemaNow)) {
            return policy.isAfter(nodeVersion, schemaNow)
                    ? Optional.of("a node would run " + nodeVersion + " on the older schema " + schemaNow)
                    : Optional.empty();
        }
        if (fallbackSchema != null && !Objects.equals(schemaNow, fallbackSchema)) {
            return Optional.of("a node would be upgraded before the schema (" + schemaNow + ", needs "
                    + fallbackSchema + ")");
        }
        return Optional.empty();
    }

    /** Whether the catalog can order the two. */
    public boolean ordered(VersionPolicy policy, Version nodeVersion, Version schemaVersion) {
        return policy != null && nodeVersion != null && schemaVersion != null && policy.knows(nodeVersion)
                && policy.knows(schemaVersion);
    }
}
