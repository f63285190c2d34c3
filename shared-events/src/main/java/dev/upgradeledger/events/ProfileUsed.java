package dev.upgradeledger.events;

/**
 * The product profile a plan was made with, so that a replay or a diagnosis knows which rules, roles and steps
 * applied: the product, the profile's version (0: the built-in profile of the product's guide, shipped with the
 * ledger; 1 and up: declared by {@code PUT /api/v1/products/{product}}, readable at
 * {@code GET /api/v1/products/{product}/versions/{version}}), and where the release catalog came from.
 *
 * @param product       the cluster's product
 * @param version       the profile's version, or null when the product has no profile (no built-in one, none declared)
 * @param catalogSource {@code CLUSTER} (the cluster's own catalog), {@code PRODUCT} (the profile's catalog: the
 *                      cluster has none) or {@code NONE} (neither has one: only the rules the version scheme can check)
 */
public record ProfileUsed(String product, Long version, CatalogSource catalogSource) {

    /** Where the release catalog a plan was checked against came from. */
    public enum CatalogSource { CLUSTER, PRODUCT, NONE }
}
