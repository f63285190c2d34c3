package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.projection.EventsApplied;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A snapshot after every {@code ledger.projection.snapshots.every} events applied to the live read models, taken on
 * its own thread so the Kafka listeners never wait for it. A turn is skipped while another snapshot, a recovery or a
 * rebuild runs.
 *
 * <p>A snapshot reads and compresses every read-model table whole, so its cost grows with the tables while the turns
 * come at a fixed number of events: at Kafka speed on large tables they would come faster than snapshots are taken,
 * keep a core busy and hold the admin lock (a manual snapshot or a rebuild refused all along). So a turn that comes too
 * soon after the previous automatic snapshot is deferred, not skipped: at least {@code snapshots.min-interval} and
 * {@value #PACE} times the previous snapshot's duration after it ended (so automatic snapshots take at most a fifth of
 * one core's time), then it is taken with every event applied by then.
 */
@Component
class AutomaticSnapshots implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AutomaticSnapshots.class);
    /** The quiet time after an automatic snapshot, as a multiple of its duration. */
    static final int PACE = 4;

    private final Snapshots snapshots;
    private final long every;
    private final long minIntervalNanos;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicBoolean queued = new AtomicBoolean();
    /** System.nanoTime() before which no automatic snapshot starts. */
    private volatile long notBefore = System.nanoTime();
    private final ScheduledExecutorService taker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-projection-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    AutomaticSnapshots(Snapshots snapshots, RecoveryProperties properties) {
        this.snapshots = snapshots;
        this.every = properties.snapshots().every();
        this.minIntervalNanos = properties.snapshots().minInterval().toNanos();
    }

    @TransactionalEventListener
    void on(EventsApplied batch) {
        if (every <= 0 || batch.events().isEmpty()) {
            return;
        }
        long before = applied.getAndAdd(batch.events().size());
        if (before / every != (before + batch.events().size()) / every && queued.compareAndSet(false, true)) {
            long delay = Math.max(0, notBefore - System.nanoTime());
            taker.schedule(this::take, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void take() {
        // a turn queued while the previous snapshot ran was scheduled before that snapshot set its quiet time
        long wait = notBefore - System.nanoTime();
        if (wait > 0) {
            taker.schedule(this::take, wait, TimeUnit.NANOSECONDS);
            return;
        }
        queued.set(false);
        long begin = System.nanoTime();
        try {
            if (!snapshots.takeIfIdle("automatic")) {
                log.info("Automatic snapshot skipped: another operation on the read models is running");
            }
        } catch (RuntimeException e) {
            log.warn("Automatic snapshot failed", e);
        } finally {
            long end = System.nanoTime();
            notBefore = end + Math.max(minIntervalNanos, PACE * (end - begin));
        }
    }

    @Override
    public void destroy() {
        taker.shutdownNow();
    }
}
