package dev.upgradeledger.commandapi.notify;

import java.util.List;

/**
 * Whether a webhook wants a notification: the one place its criteria are applied. A criterion left empty takes
 * everything; {@code events} names the event types it gets, {@code products} the products it hears about (a
 * notification concerning several products, as a fleet does, matches when any of them is listed).
 *
 * @param events   the event type names it gets; empty for every notified type
 * @param products the products it hears about; empty for every product
 */
public record WebhookMatcher(List<String> events, List<String> products) {

    public WebhookMatcher {
        events = events == null ? List.of() : List.copyOf(events);
        products = products == null ? List.of() : List.copyOf(products);
    }

    public boolean matches(Notified notified) {
        return (events.isEmpty() || events.contains(notified.eventType()))
                && (products.isEmpty() || notified.products().stream().anyMatch(products::contains));
    }

    /** Whether matching needs the notification's products (looked up only then). */
    public boolean filtersByProduct() {
        return !products.isEmpty();
    }
}
