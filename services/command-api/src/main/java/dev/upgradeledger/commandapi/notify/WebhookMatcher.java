package dev.upgradeledger.commandapi.notify;

import dev.upgradeledger.events.ClusterLabels;
import java.util.List;
import java.util.Map;

/**
 * Whether a webhook wants a notification: the one place its criteria are applied. A criterion left empty takes
 * everything; {@code events} names the event types it gets, {@code products} the products it hears about (a
 * notification concerning several products, as a fleet does, matches when any of them is listed), {@code labels} the
 * labels a concerned cluster carries (every one of them, on one cluster; a fleet matches when any of its planned
 * clusters does).
 *
 * @param events   the event type names it gets; empty for every notified type
 * @param products the products it hears about; empty for every product
 * @param labels   labels a concerned cluster must all carry; empty for every cluster
 */
public record WebhookMatcher(List<String> events, List<String> products, Map<String, String> labels) {

    public WebhookMatcher {
        events = events == null ? List.of() : List.copyOf(events);
        products = products == null ? List.of() : List.copyOf(products);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A matcher with no label criterion. */
    public WebhookMatcher(List<String> events, List<String> products) {
        this(events, products, Map.of());
    }

    public boolean matches(Notified notified) {
        return (events.isEmpty() || events.contains(notified.eventType()))
                && (products.isEmpty() || notified.products().stream().anyMatch(products::contains))
                && (labels.isEmpty() || notified.labels().stream()
                        .anyMatch(carried -> ClusterLabels.containsAll(carried, labels)));
    }

    /** Whether matching needs the notification's products (looked up only then). */
    public boolean filtersByProduct() {
        return !products.isEmpty();
    }

    /** Whether matching needs the concerned clusters' labels (looked up only then). */
    public boolean filtersByLabel() {
        return !labels.isEmpty();
    }
}
