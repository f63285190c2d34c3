package dev.upgradeledger.commandapi.notify;

import dev.upgradeledger.commandapi.cluster.ClusterSnapshots;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeResumed;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import dev.upgradeledger.support.security.ClusterProducts;
import org.springframework.stereotype.Component;

/**
 * Turns upgrade state changes into notifications: for each webhook that wants the event (its type, the cluster's
 * product; see {@link WebhookMatcher}) one row in the outbox ({@link NotificationOutbox}, subject the cluster's id),
 * written in the transaction of the processor that read the event (its own tracking processor,
 * {@value #PROCESSING_GROUP}, which starts at the head of the store: no notification for the past). The row's id
 * is the event's id and the webhook's name, so a replayed or duplicate event adds nothing.
 */
@Component
@ProcessingGroup(UpgradeNotifier.PROCESSING_GROUP)
public class UpgradeNotifier {

    public static final String PROCESSING_GROUP = "ledger-notifications";
    /** The event types notified: an upgrade's state changes. */
    public static final List<Class<? extends LedgerEvent>> NOTIFIED = List.of(UpgradePlanned.class,
            UpgradePaused.class, UpgradeResumed.class, UpgradeCompleted.class, UpgradeFailed.class,
            UpgradeAborted.class, UpgradeFinalized.class);
    /** The CloudEvents {@code source} of every notification. */
    public static final String SOURCE = "urn:upgrade-ledger:command-api";

    private final NotificationProperties properties;
    private final NotificationOutbox outbox;
    private final ClusterProducts products;
    private final ClusterSnapshots clusters;

    UpgradeNotifier(NotificationProperties properties, NotificationOutbox outbox, ClusterProducts products,
                    ClusterSnapshots clusters) {
        this.clusters = clusters;
        this.properties = properties;
        this.outbox = outbox;
        this.products = products;
    }

    // One handler per notified type, none for LedgerEvent, and the payload not a parameter: Axon's processor skips every
    // other event by its stored type, and deserializes a notified one only when a webhook is configured (a handler of
    // LedgerEvent had every event of the store deserialized here, about as much CPU as the Kafka publisher's, also
    // with no webhook configured).
    @EventHandler(payloadType = UpgradePlanned.class)
    void onUpgradePlanned(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = UpgradePaused.class)
    void onUpgradePaused(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = UpgradeResumed.class)
    void onUpgradeResumed(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = UpgradeCompleted.class)
    void onUpgradeCompleted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = UpgradeFailed.class)
    void onUpgradeFailed(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = UpgradeAborted.class)
    void onUpgradeAborted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = UpgradeFinalized.class)
    void onUpgradeFinalized(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    private void notifyIfConfigured(DomainEventMessage<?> message) {
        if (!properties.webhooks().isEmpty()) {
            on((LedgerEvent) message.getPayload(), message);
        }
    }

    /** Writes the outbox rows of one event for the webhooks that want it (nothing for a type not {@link #NOTIFIED}). */
    public void on(LedgerEvent event, DomainEventMessage<?> message) {
        if (properties.webhooks().isEmpty() || !NOTIFIED.contains(event.getClass())) {
            return;
        }
        String clusterId = event.clusterId().value();
        Set<String> product = properties.filtersByProduct()
                ? products.productOf(clusterId).map(Set::of).orElse(Set.of()) : Set.of();
        List<Map<String, String>> labels = properties.filtersByLabel()
                ? List.of(clusters.labels(event.clusterId())) : List.of();
        outbox.add(message, event, new Notified(LedgerEvents.typeName(event.getClass()), product, labels), clusterId,
                Map.of());
    }
}
