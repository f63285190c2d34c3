package dev.upgradeledger.events;

import java.util.Map;

/**
 * Declare a new version of a product's profile, for every cluster of the product: the body of
 * {@code PUT /api/v1/products/{product}} with the product named. The first declaration replaces the built-in profile
 * (version 0, from the guides) by version 1; each later one that changes something adds a version. A declaration equal
 * to the current version changes nothing.
 *
 * @param product         the product, as clusters are registered with it
 * @param profile         the whole profile, in the shape {@code GET /api/v1/products/{product}} answers (read, copy,
 *                        change): {@code versionScheme}, {@code catalog} and {@code rules} (both or neither),
 *                        {@code allowVersionDrift}, {@code roles}, {@code schemaStepRole}, {@code extraSteps},
 *                        {@code haltWorkloadsOnRolling}, {@code majorHop}, {@code guide}, {@code migration}
 *                        ({@code MOVE_WORKLOADS} or {@code PER_ENVIRONMENT}); checked by command-api
 * @param reason          why (required, at most {@value InputLimits#MAX_REASON} characters), recorded with the actor
 * @param expectedVersion the version the sender changed, or null; another current version refuses the command (409
 *                        {@code profile-version-conflict}) so that two editors cannot overwrite each other unseen
 */
public record DeclareProductProfile(String product, Map<String, Object> profile, String reason,
                                    Long expectedVersion) implements ProductCommand {

    public DeclareProductProfile {
        InputLimits.requireProduct(product);
        Validation.require(profile != null, "profile is required");
        Validation.require(reason != null && !reason.isBlank(), "reason is required: say why the profile changes");
        InputLimits.requireReason(reason);
        Validation.require(expectedVersion == null || expectedVersion >= 0, "expectedVersion must be 0 or more");
        profile = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(profile));
    }
}
