package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.domain.profile.ProductProfile;
import org.axonframework.serialization.Revision;

/** The first declared version (1) of a product's profile; before it, the built-in profile (version 0), if any, applied. */
@Revision("2")
public record ProductProfileDeclared(String product, long version, ProductProfile profile, String reason)
        implements ProductProfileEvent {
}
