package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.AuditMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Every version of a product's profile, read from the product's stream in the event store ({@link Product}): version 0
 * is the built-in profile of the product's guide (no event; absent for a product without a guide), versions 1 and up
 * were declared, each with who declared it, when and why. Read inside a command's transaction, it sees what that
 * transaction sees. A product's stream holds one event per version, so reading it whole is cheap.
 */
@Component
public class ProductProfiles {

    private final EventStore events;

    ProductProfiles(@Lazy EventStore events) {
        this.events = events;
    }

    /**
     * One version of a product's profile.
     *
     * @param builtIn true for version 0, the built-in profile, whose catalog is a sample to copy: it applies to no
     *                cluster by itself (see {@link #catalogApplies()})
     */
    public record Versioned(long version, ProductProfile profile, boolean builtIn, String actor, String actorName,
                            String reason, Instant at) {

        /** Whether the profile's release catalog applies to the product's clusters that have none of their own. */
        public boolean catalogApplies() {
            return !builtIn && profile.catalog() != null;
        }
    }

    /** Every version, oldest first; empty for a product without a built-in or declared profile. */
    public List<Versioned> history(String product) {
        List<Versioned> versions = new ArrayList<>();
        BuiltInProfiles.find(product).ifPresent(profile -> versions.add(builtIn(profile)));
        try (var stream = events.readEvents(Product.aggregateId(product)).asStream()) {
            stream.forEach(message -> {
                if (message.getPayload() instanceof ProductProfileEvent event) {
                    versions.add(declared(event, message));
                }
            });
        }
        return versions;
    }

    /** The version in force: the last declared one, else the built-in one. */
    public Optional<Versioned> current(String product) {
        List<Versioned> versions = history(product);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** One version of a product's profile. */
    public Optional<Versioned> version(String product, long version) {
        return history(product).stream().filter(versioned -> versioned.version() == version).findFirst();
    }

    private static Versioned builtIn(ProductProfile profile) {
        return new Versioned(0, profile, true, null, null, "built in: " + profile.guide(), null);
    }

    private static Versioned declared(ProductProfileEvent event, DomainEventMessage<?> message) {
        return new Versioned(event.version(), event.profile(), false, metaData(message, AuditMetadata.ACTOR),
                metaData(message, AuditMetadata.ACTOR_NAME), event.reason(), message.getTimestamp());
    }

    private static String metaData(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
