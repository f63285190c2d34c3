package dev.upgradeledger.commandapi.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link LedgerEventStorageEngine} on the real PostgreSQL: a large append (more than
 * {@code ledger.event-store.exclusive-append-above}, 100, events) waits for the appends in flight, and the appends after
 * it wait until it has committed, so its events never sit below a visible later index (where every tracking reader
 * would carry them as gaps); small appends do not wait for each other; a command's large append is the last thing its
 * commit writes. Transactions are held open with latches, and a
 * wait is recognised by its ungranted advisory lock in {@code pg_locks}, not by time.
 */
@LedgerIntegrationTest
class LargeAppendsIT {

    private static final long LOCK_HIGH = LedgerEventStorageEngine.APPEND_LOCK >>> 32;
    private static final long LOCK_LOW = LedgerEventStorageEngine.APPEND_LOCK & 0xffffffffL;

    @Autowired
    EventStorageEngine engine;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    TransactionManager axonTransactions;

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void theEngineIsTheLedgersOwn() {
        assertThat(engine).isInstanceOf(LedgerEventStorageEngine.class);
        assertThat(((LedgerEventStorageEngine) engine).exclusive(100)).isFalse();
        assertThat(((LedgerEventStorageEngine) engine).exclusive(101)).isTrue();
    }

    @Test
    void aLargeAppendWaitsForTheAppendsInFlightAndHoldsLaterOnesBackUntilItCommits() throws Exception {
        String small = "append-small-" + UUID.randomUUID();
        String large = "append-large-" + UUID.randomUUID();
        String later = "append-later-" + UUID.randomUUID();
        CountDownLatch smallAppended = new CountDownLatch(1);
        CountDownLatch releaseSmall = new CountDownLatch(1);
        CountDownLatch largeAppended = new CountDownLatch(1);
        CountDownLatch releaseLarge = new CountDownLatch(1);

        Future<?> smallWriter = threads.submit(() -> appendAndHold(small, 1, smallAppended, releaseSmall));
        assertThat(smallAppended.await(30, TimeUnit.SECONDS)).isTrue();
        Future<?> largeWriter = threads.submit(() -> appendAndHold(large, 150, largeAppended, releaseLarge));
        awaitWaitingAppends(1);
        assertThat(largeAppended.getCount()).as("the large append waits for the small one in flight").isEqualTo(1);

        releaseSmall.countDown();
        smallWriter.get(30, TimeUnit.SECONDS);
        assertThat(largeAppended.await(30, TimeUnit.SECONDS)).isTrue();
        Future<?> laterWriter = threads.submit(() -> appendAndHold(later, 1, new CountDownLatch(1),
                new CountDownLatch(0)));
        awaitWaitingAppends(1);
        assertThat(laterWriter.isDone()).as("an append after the large one waits for its commit").isFalse();

        releaseLarge.countDown();
        largeWriter.get(30, TimeUnit.SECONDS);
        laterWriter.get(30, TimeUnit.SECONDS);
        assertThat(waitingAppends()).isZero();
        List<Long> smallIndexes = globalIndexes(small);
        List<Long> largeIndexes = globalIndexes(large);
        List<Long> laterIndexes = globalIndexes(later);
        assertThat(largeIndexes).hasSize(150);
        assertThat(smallIndexes.get(smallIndexes.size() - 1)).isLessThan(largeIndexes.get(0));
        assertThat(largeIndexes.get(largeIndexes.size() - 1)).isLessThan(laterIndexes.get(0));
    }

    @Test
    void smallAppendsDoNotWaitForEachOther() throws Exception {
        String first = "append-first-" + UUID.randomUUID();
        String second = "append-second-" + UUID.randomUUID();
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<?> firstWriter = threads.submit(() -> appendAndHold(first, 100, firstAppended, releaseFirst));
        assertThat(firstAppended.await(30, TimeUnit.SECONDS)).isTrue();

        // committed while the first is still open: its higher index is visible before the first's (a gap Axon tracks)
        threads.submit(() -> appendAndHold(second, 2, new CountDownLatch(1), new CountDownLatch(0)))
                .get(30, TimeUnit.SECONDS);
        assertThat(firstWriter.isDone()).isFalse();
        assertThat(globalIndexes(second)).hasSize(2);
        assertThat(globalIndexes(first)).isEmpty();

        releaseFirst.countDown();
        firstWriter.get(30, TimeUnit.SECONDS);
        assertThat(globalIndexes(second).get(0)).isGreaterThan(globalIndexes(first).get(99));
    }

    @Test
    void aCommandsLargeAppendIsMadeLastSoWhatElseItsCommitWritesDoesNotHoldTheOthersBack() throws Exception {
        String large = "append-command-" + UUID.randomUUID();
        String small = "append-meanwhile-" + UUID.randomUUID();
        CountDownLatch otherWorkRunning = new CountDownLatch(1);
        CountDownLatch releaseOtherWork = new CountDownLatch(1);

        // as a stage start stores its events: Axon's event bus appends them at prepare-commit, and the time-out rows
        // of its steps (registered with the unit of work after the first event) are written in the same phase
        Future<?> command = threads.submit(() -> {
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            unitOfWork.attachTransaction(axonTransactions);
            unitOfWork.onPrepareCommit(committing -> engine.appendEvents(events(large, 150)));
            unitOfWork.onPrepareCommit(committing -> {
                otherWorkRunning.countDown();
                awaitRelease(releaseOtherWork);
            });
            unitOfWork.commit();
        });
        assertThat(otherWorkRunning.await(30, TimeUnit.SECONDS)).isTrue();

        threads.submit(() -> appendAndHold(small, 1, new CountDownLatch(1), new CountDownLatch(0)))
                .get(30, TimeUnit.SECONDS);
        assertThat(globalIndexes(large)).as("not inserted while the command's other work runs").isEmpty();

        releaseOtherWork.countDown();
        command.get(30, TimeUnit.SECONDS);
        List<Long> largeIndexes = globalIndexes(large);
        assertThat(largeIndexes).hasSize(150);
        assertThat(globalIndexes(small).get(0)).isLessThan(largeIndexes.get(0));
    }

    private static List<DomainEventMessage<?>> events(String aggregate, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>(count);
        for (int sequence = 0; sequence < count; sequence++) {
            events.add(new GenericDomainEventMessage<>("AppendTest", aggregate, sequence,
                    "event " + sequence + " of " + aggregate));
        }
        return events;
    }

    /** Appends {@code count} events of a new aggregate in a transaction kept open until {@code release}. */
    private void appendAndHold(String aggregate, int count, CountDownLatch appended, CountDownLatch release) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            engine.appendEvents(events(aggregate, count));
            appended.countDown();
            awaitRelease(release);
        });
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitWaitingAppends(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingAppends() == count);
    }

    /** Appends waiting for the append lock now. */
    private int waitingAppends() {
        return jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and not granted"
                        + " and classid::bigint = ? and objid::bigint = ? and objsubid = 1")
                .param(LOCK_HIGH).param(LOCK_LOW).query(Integer.class).single();
    }

    private List<Long> globalIndexes(String aggregate) {
        return jdbc.sql("select globalindex from domainevententry where aggregateidentifier = ? order by globalindex")
                .param(aggregate).query(Long.class).list();
    }
}
