package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.domain.profile.ProductProfile;
import org.axonframework.serialization.Revision;

/** A later version of a declared product profile: the whole profile as it is from now on. */
@Revision("2")
public record ProductProfileChanged(String product, long version, ProductProfile profile, String reason)
        implements ProductProfileEvent {
}
