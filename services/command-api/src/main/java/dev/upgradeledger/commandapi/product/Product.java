package dev.upgradeledger.commandapi.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ProductCommand;
import dev.upgradeledger.events.Rule;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One product's profile, versioned by events: the first declaration records {@link ProductProfileDeclared} (version
 * 1; until then the built-in profile of the product's guide, version 0, applies, without any event), each later one
 * that changes something {@link ProductProfileChanged} with the next version. A declaration equal to the current
 * declared version changes nothing; one made from another version than the current one (its {@code expectedVersion})
 * is refused ({@code profile-version-conflict}).
 *
 * <p>The aggregate's identifier is {@code product/<name>}, the Kafka key of its commands: the event store's streams are
 * keyed by identifier alone, and no cluster id (a DNS label) contains '/'.
 */
@Aggregate(commandTargetResolver = "productCommandTargetResolver")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Product {

    @AggregateIdentifier
    private String id;
    private long version;
    private ProductProfile profile;

    protected Product() {
    }

    /** The aggregate identifier (and event-store stream) of a product. */
    public static String aggregateId(String product) {
        return ProductCommand.recordKey(product);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ProfileVersion handle(ChangeProductProfile command) {
        if (command.expectedVersion() != null && command.expectedVersion() != version) {
            throw new ClusterRefusal(Rule.PROFILE_VERSION_CONFLICT, "the profile of " + command.product()
                    + " is at version " + version + ", not " + command.expectedVersion(),
                    "read GET /api/v1/products/" + command.product() + "/versions/" + version
                            + ", apply the change to it and declare it with expectedVersion " + version);
        }
        if (version > 0 && command.profile().equals(profile)) {
            return new ProfileVersion(command.product(), version, false);
        }
        long next = version + 1;
        if (version == 0) {
            apply(new ProductProfileDeclared(command.product(), next, command.profile(), command.reason()));
        } else {
            apply(new ProductProfileChanged(command.product(), next, command.profile(), command.reason()));
        }
        return new ProfileVersion(command.product(), next, true);
    }

    @EventSourcingHandler
    void on(ProductProfileDeclared event) {
        id = aggregateId(event.product());
        version = event.version();
        profile = event.profile();
    }

    @EventSourcingHandler
    void on(ProductProfileChanged event) {
        version = event.version();
        profile = event.profile();
    }
}
