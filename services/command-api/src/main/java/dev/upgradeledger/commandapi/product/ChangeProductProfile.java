package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.domain.profile.ProductProfile;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * command-api's own command to the {@link Product} aggregate, made from {@code DeclareProductProfile} (REST or Kafka)
 * once its profile was read and checked ({@link ProfileCheck}).
 */
record ChangeProductProfile(@TargetAggregateIdentifier String aggregateId, String product, ProductProfile profile,
                            String reason, Long expectedVersion) {

    ChangeProductProfile(String product, ProductProfile profile, String reason, Long expectedVersion) {
        this(Product.aggregateId(product), product, profile, reason, expectedVersion);
    }
}
