package dev.upgradeledger.commandapi.notify;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a notification is about, as a webhook's {@link WebhookMatcher} sees it: the event's type name, the products it
 * concerns (a cluster's product; a fleet's product and those of every cluster it planned) and the labels of the
 * clusters it concerns (one set per cluster: the cluster's own; a fleet's planned clusters'). A new criterion is added
 * here and in {@link WebhookMatcher}, nowhere else.
 *
 * @param eventType the event's type name, e.g. {@code UpgradeCompleted} or {@code FleetWaveStarted}
 * @param products  the products concerned; empty when unknown or when no webhook filters by product
 * @param labels    each concerned cluster's labels; empty when unknown or when no webhook filters by label
 */
public record Notified(String eventType, Set<String> products, List<Map<String, String>> labels) {

    public Notified {
        products = products == null ? Set.of() : Set.copyOf(products);
        labels = labels == null ? List.of() : labels.stream().map(Map::copyOf).toList();
    }

    /** A notification whose clusters' labels are not looked up (no webhook filters by label). */
    public Notified(String eventType, Set<String> products) {
        this(eventType, products, List.of());
    }
}
