package dev.upgradeledger.commandapi.notify;

import java.util.Set;

/**
 * What a notification is about, as a webhook's {@link WebhookMatcher} sees it: the event's type name and the products
 * it concerns (a cluster's product; a fleet's product and those of every cluster it planned). A new criterion (labels
 * of the clusters concerned) is added here and in {@link WebhookMatcher}, nowhere else.
 *
 * @param eventType the event's type name, e.g. {@code UpgradeCompleted} or {@code FleetWaveStarted}
 * @param products  the products concerned; empty when unknown or when no webhook filters by product
 */
public record Notified(String eventType, Set<String> products) {

    public Notified {
        products = products == null ? Set.of() : Set.copyOf(products);
    }
}
