package dev.upgradeledger.commandapi.notify;

import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeResumed;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.upgradeledger.support.security.ClusterProducts;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns upgrade state changes into notifications: for each webhook that wants the event (its type, the cluster's
 * product) one row in the outbox, written in the transaction of the processor that read the event (its own tracking
 * processor, {@value #PROCESSING_GROUP}, which starts at the head of the store: no notification for the past). The
 * row's id is the event's id and the webhook's name, so a replayed or duplicate event adds nothing.
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
    private final JdbcClient jdbc;
    private final ClusterProducts products;
    private final JsonMapper json = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    UpgradeNotifier(NotificationProperties properties, JdbcClient jdbc, ClusterProducts products) {
        this.properties = properties;
        this.jdbc = jdbc;
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
        String type = LedgerEvents.typeName(event.getClass());
        String clusterId = event.clusterId().value();
        Optional<String> product = properties.webhooks().stream().anyMatch(webhook -> !webhook.products().isEmpty())
                ? products.productOf(clusterId) : Optional.empty();
        String body = null;
        for (NotificationProperties.Webhook webhook : properties.webhooks()) {
            if (!webhook.wants(type, product.orElse(null))) {
                continue;
            }
            body = body != null ? body : cloudEvent(event, type, message);
            jdbc.sql("INSERT INTO notification_outbox (id, webhook, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
                    .params(message.getIdentifier() + "/" + webhook.name(), webhook.name(), body).update();
        }
    }

    /** The CloudEvent (structured mode, JSON): its id is the event's, its subject the cluster, its data the event. */
    private String cloudEvent(LedgerEvent event, String type, DomainEventMessage<?> message) {
        Map<String, Object> cloudEvent = new LinkedHashMap<>();
        cloudEvent.put("specversion", "1.0");
        cloudEvent.put("id", message.getIdentifier());
        cloudEvent.put("source", SOURCE);
        cloudEvent.put("type", "dev.upgradeledger." + type);
        cloudEvent.put("subject", event.clusterId().value());
        cloudEvent.put("time", Instant.ofEpochMilli(message.getTimestamp().toEpochMilli()).toString());
        cloudEvent.put("datacontenttype", "application/json");
        cloudEvent.put("sequence", message.getSequenceNumber());
        cloudEvent.put("data", event);
        return json.writeValueAsString(cloudEvent);
    }
}
