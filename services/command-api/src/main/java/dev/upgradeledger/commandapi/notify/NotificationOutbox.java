package dev.upgradeledger.commandapi.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an event's notifications into {@code notification_outbox}, one row per webhook whose {@link WebhookMatcher}
 * matches, in the caller's transaction (the notification processor's, which moves its token with it). The row's id is
 * the event's id and the webhook's name, so a replayed or duplicate event adds nothing; the body, a CloudEvent
 * (structured mode, JSON), is the same for every webhook and every attempt.
 */
@Component
class NotificationOutbox {

    private final NotificationProperties properties;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    NotificationOutbox(NotificationProperties properties, JdbcClient jdbc) {
        this.properties = properties;
        this.jdbc = jdbc;
    }

    /**
     * Queues the event for the webhooks that want it.
     *
     * @param subject    the CloudEvent's {@code subject}: a cluster's id, or {@code fleet/<id>}
     * @param extensions CloudEvents extension attributes added after {@code sequence} (lower-case names)
     * @return how many rows were added (0 for a duplicate)
     */
    int add(DomainEventMessage<?> message, Object event, Notified notified, String subject,
            Map<String, Object> extensions) {
        String body = null;
        int added = 0;
        for (NotificationProperties.Webhook webhook : properties.webhooks()) {
            if (!webhook.matcher().matches(notified)) {
                continue;
            }
            body = body != null ? body : cloudEvent(message, event, notified.eventType(), subject, extensions);
            added += jdbc.sql("INSERT INTO notification_outbox (id, webhook, body) VALUES (?, ?, ?)"
                            + " ON CONFLICT (id) DO NOTHING")
                    .params(message.getIdentifier() + "/" + webhook.name(), webhook.name(), body).update();
        }
        return added;
    }

    /** The CloudEvent: its id is the event's, its type {@code dev.upgradeledger.<type>}, its data the event. */
    private String cloudEvent(DomainEventMessage<?> message, Object event, String type, String subject,
                              Map<String, Object> extensions) {
        Map<String, Object> cloudEvent = new LinkedHashMap<>();
        cloudEvent.put("specversion", "1.0");
        cloudEvent.put("id", message.getIdentifier());
        cloudEvent.put("source", UpgradeNotifier.SOURCE);
        cloudEvent.put("type", "dev.upgradeledger." + type);
        cloudEvent.put("subject", subject);
        cloudEvent.put("time", Instant.ofEpochMilli(message.getTimestamp().toEpochMilli()).toString());
        cloudEvent.put("datacontenttype", "application/json");
        cloudEvent.put("sequence", message.getSequenceNumber());
        cloudEvent.putAll(extensions);
        cloudEvent.put("data", event);
        return json.writeValueAsString(cloudEvent);
    }
}
