package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.projection.EventApplied;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
@Component
class AutomaticSnapshots implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AutomaticSnapshots.class);

    private final Snapshots snapshots;
    private final long every;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService taker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-projection-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    AutomaticSnapshots(Snapshots snapshots, RecoveryProperties properties) {
        this.snapshots = snapshots;
        this.every = properties.snapshots().every();
    }

    @TransactionalEventListener
    void on(EventApplied applied) {
        if (every > 0 && this.applied.incrementAndGet() % every == 0 && queued.compareAndSet(false, true)) {
            taker.execute(this::take);
        }
    }

    private void take() {
        queued.set(false);
        try {
            if (!snapshots.takeIfIdle("automatic")) {
                log.info("Automatic snapshot skipped: another operation on the read models is running");
            }
        } catch (RuntimeException e) {
            log.warn("Automatic snapshot failed", e);
        }
    }

    @Override
    public void destroy() {
        taker.shutdownNow();
    }
}
