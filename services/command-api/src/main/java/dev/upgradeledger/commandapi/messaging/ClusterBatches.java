package dev.upgradeledger.commandapi.messaging;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Runs several commands of one cluster as one Axon unit of work in one transaction. Each command sent meanwhile is
 * handled in a unit of work nested in this one: Axon's repository keeps the cluster it loaded for the first command in
 * the root unit of work and hands the same instance to the next ones (one load, one freshness check of the cache), the
 * nested units pass their events up, and the root appends them all and commits once. Anything thrown rolls the whole
 * back: no event and no answer of the batch is stored, the cluster's cached copy is dropped (Axon's caching repository
 * and {@code FreshClusterCache}), and the caller decides the commands again one at a time.
 *
 * <p>{@code ledger.commands.batch} (a distribution summary) counts the commands of each batch committed.
 */
@Component
class ClusterBatches {

    private final TransactionManager transactions;
    private final DistributionSummary sizes;

    ClusterBatches(TransactionManager transactions, MeterRegistry meters) {
        this.transactions = transactions;
        this.sizes = DistributionSummary.builder("ledger.commands.batch")
                .description("commands of one cluster decided in one unit of work and committed together")
                .baseUnit("commands").register(meters);
    }

    /** Runs {@code work}, which sends {@code commands} commands of one cluster, in one unit of work. */
    <T> T inOneUnitOfWork(int commands, Supplier<T> work) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage("command batch"));
        T result;
        try {
            unitOfWork.attachTransaction(transactions);
            result = work.get();
        } catch (RuntimeException | Error e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
        sizes.record(commands);
        return result;
    }
}
