package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.domain.profile.ProductProfile;

/**
 * A new version of a product's profile, stored in command-api's event store under the aggregate
 * {@code product/<name>} (see {@link Product}); the actor, correlation and trace ids are the event's metadata, as for
 * every event. Not published on {@code ledger.events}: see docs/design-notes.md.
 */
public sealed interface ProductProfileEvent permits ProductProfileDeclared, ProductProfileChanged {

    String product();

    /** The version this event makes current: 1 for the first declaration, one more for each change. */
    long version();

    ProductProfile profile();

    /** Why, as the actor said it. */
    String reason();
}
