package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ConflictRetry;
import dev.upgradeledger.events.DeclareProductProfile;
import dev.upgradeledger.events.ProductCommand;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends a product's command (REST or Kafka alike) to its {@link Product} aggregate with the request's audit trail: the
 * profile is read and checked first ({@link ProfileCheck}), so an invalid one is refused before anything is stored.
 */
@Component
public class ProductCommands {

    private static final Logger log = LoggerFactory.getLogger(ProductCommands.class);

    private final CommandGateway gateway;
    private final ProfileCheck check;
    private final ConflictRetry conflicts;

    ProductCommands(CommandGateway gateway, ProfileCheck check, ConflictRetry conflicts) {
        this.gateway = gateway;
        this.check = check;
        this.conflicts = conflicts;
    }

    public ProfileVersion send(ProductCommand command, RequestAudit audit) {
        DeclareProductProfile declare = (DeclareProductProfile) command;
        ChangeProductProfile change = new ChangeProductProfile(declare.product(),
                check.read(declare.product(), declare.profile()), declare.reason(), declare.expectedVersion());
        ProfileVersion answer = TransactionSynchronizationManager.isActualTransactionActive() ? sendOnce(change, audit)
                : conflicts.run(() -> sendOnce(change, audit));
        log.info("DeclareProductProfile of {} from {}: version {}{} (correlation {})", declare.product(),
                audit.actor(), answer.version(), answer.changed() ? "" : " unchanged", audit.correlationId());
        return answer;
    }

    /**
     * Two first declarations of one product at the same time both append version 1; the loser meets the store's unique
     * key as {@link AggregateStreamCreationException}, answered like any lost race: decided again (then as a change of
     * version 1, or refused by its {@code expectedVersion}).
     */
    private ProfileVersion sendOnce(ChangeProductProfile change, RequestAudit audit) {
        try {
            return gateway.sendAndWait(new GenericCommandMessage<>(change, audit.metaData()), 30, TimeUnit.SECONDS);
        } catch (AggregateStreamCreationException lostRace) {
            throw new ConcurrencyException("the profile of " + change.product() + " was declared at the same time: "
                    + lostRace.getMessage(), lostRace);
        }
    }
}
