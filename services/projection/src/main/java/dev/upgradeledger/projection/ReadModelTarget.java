package dev.upgradeledger.projection;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether the read models being written are the live ones. A side-by-side rebuild applies events, with the same
 * {@link ReadModels}, to tables in another schema inside a transaction named {@link #BESIDE_TRANSACTION}; what a read
 * model announces to the rest of the application (the live stream, automatic snapshots) must only be announced for
 * the live tables. Check it inside the transaction, where the event is applied.
 */
public final class ReadModelTarget {

    /** The name of every transaction that writes read models beside the live ones. */
    public static final String BESIDE_TRANSACTION = "projection-rebuild-beside";

    private ReadModelTarget() {
    }

    /** True unless the current transaction writes read models beside the live ones. */
    public static boolean isLive() {
        return !BESIDE_TRANSACTION.equals(TransactionSynchronizationManager.getCurrentTransactionName());
    }
}
