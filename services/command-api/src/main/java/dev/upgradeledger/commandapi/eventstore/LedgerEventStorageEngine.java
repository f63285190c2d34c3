package dev.upgradeledger.commandapi.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;

/**
 * Axon's {@link JdbcEventStorageEngine}, with no large append overtaken by a later one.
 *
 * <p>An event's global index is taken from a sequence when it is inserted, not when it commits. A tracking reader that
 * sees index {@code n} while lower indexes are still uncommitted keeps each missing index as a gap in its token, and
 * Axon copies a token's gaps into every token it makes after it: one per event read, each held in the event store's
 * cache and in every processor's batch. A stage start of a 10,000-node cluster (10,000 {@code StepStarted} in one
 * transaction, taking a second or more to insert and commit) overtaken by a small cluster's registration gave every
 * reader 10,000 gaps per token, and command-api ran out of memory within seconds; its event store's reader thread died
 * with it, and publishing stopped.
 *
 * <p>So every append takes a transaction-scoped PostgreSQL advisory lock before it inserts, held until its transaction
 * ends: an append of more than {@code exclusiveAbove} events takes it exclusively, every other append shares it. A
 * large append thus waits for the appends in flight to commit, and no append starts until it has committed, so its
 * events are never behind a visible later index; small appends still run side by side (their overlaps are the few gaps
 * Axon is built for). The cost: other appends wait while a large one inserts and commits.
 *
 * <p>A large append made in a unit of work's prepare-commit phase (a command's events, stored by Axon's event bus
 * there) is moved to the end of that phase, behind what else the command stores when it commits: a stage start of
 * 10,000 steps also writes a time-out row per step (db-scheduler's {@code scheduled_tasks}, written at prepare-commit
 * too, each registered before its event). Inserted first, the events took the exclusive lock for all those rows:
 * 6-15 s in which every other command waited. Inserted last, the lock is held from the insert to the commit only.
 * Nothing reads the command's events back before its commit.
 *
 * <p>What is left: a large append whose transaction fails after it inserted (a lost race on its cluster, a lost
 * connection) leaves its indexes unused for good; readers carry them as gaps until Axon drops gaps older than its gap
 * time-out (60 s).
 */
public class LedgerEventStorageEngine extends JdbcEventStorageEngine {

    /** The advisory lock's key: "LEDGAPPN" in ASCII, unlikely to meet another application's key. */
    static final long APPEND_LOCK = 0x4c45444741505050L;

    private final int exclusiveAbove;

    /**
     * @param exclusiveAbove appends of more events than this take the lock exclusively (at least 1)
     */
    public LedgerEventStorageEngine(Builder builder, int exclusiveAbove) {
        super(builder);
        if (exclusiveAbove < 1) {
            throw new IllegalArgumentException("ledger.event-store.exclusive-append-above must be at least 1, was "
                    + exclusiveAbove);
        }
        this.exclusiveAbove = exclusiveAbove;
    }

    /** Whether an append of {@code events} events takes the append lock exclusively. */
    boolean exclusive(int events) {
        return events > exclusiveAbove;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (exclusive(events.size()) && CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
            if (unitOfWork.phase() == UnitOfWork.Phase.PREPARE_COMMIT) {
                // handlers added during a phase run after the ones already registered for it
                unitOfWork.onPrepareCommit(committing -> super.appendEvents(events, serializer));
                return;
            }
        }
        super.appendEvents(events, serializer);
    }

    @Override
    protected PreparedStatement appendEvents(Connection connection, List<? extends EventMessage<?>> events,
                                             Serializer serializer) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(exclusive(events.size())
                ? "select pg_advisory_xact_lock(?)" : "select pg_advisory_xact_lock_shared(?)")) {
            lock.setLong(1, APPEND_LOCK);
            lock.execute();
        }
        return super.appendEvents(connection, events, serializer);
    }
}
