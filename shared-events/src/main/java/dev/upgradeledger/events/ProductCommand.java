package dev.upgradeledger.events;

/**
 * A command to one product's profile (its release catalog, rules, roles and extra steps, shared by every cluster of
 * the product), routed by {@link #product()}. On {@link LedgerTopics#COMMANDS} it is keyed by
 * {@link #recordKey(String) product/<name>}, which no cluster id can be.
 */
public sealed interface ProductCommand extends LedgerCommand permits DeclareProductProfile {

    String product();

    /** The Kafka key of a product's commands: {@code product/<name>} (cluster ids are DNS labels, never with '/'). */
    static String recordKey(String product) {
        return "product/" + product;
    }
}
