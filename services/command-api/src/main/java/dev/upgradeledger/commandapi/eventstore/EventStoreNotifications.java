package dev.upgradeledger.commandapi.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes the {@link LedgerEventStore}'s producer when any process stores events. The event table has a statement
 * trigger ({@code V4__events_appended_notification.sql}) that sends {@value #CHANNEL} with {@code pg_notify}, which
 * PostgreSQL delivers when the writing transaction commits. A dedicated connection (outside the pool) listens and
 * wakes the producer, so an event written by another command-api replica is published within milliseconds instead of
 * at the producer's next poll. If the connection breaks, it is opened again after a pause; meanwhile the producer's
 * poll (its fetch delay) still finds every event, only later.
 */
public class EventStoreNotifications implements SmartLifecycle {

    public static final String CHANNEL = "ledger_events_appended";
    private static final Logger log = LoggerFactory.getLogger(EventStoreNotifications.class);
    private static final int WAIT_MILLIS = 1_000;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);

    private final JdbcConnectionDetails database;
    private final LedgerEventStore eventStore;
    private final Counter wakeUps;
    private volatile boolean running;
    private volatile Thread listener;

    public EventStoreNotifications(JdbcConnectionDetails database, LedgerEventStore eventStore, MeterRegistry meters) {
        this.database = database;
        this.eventStore = eventStore;
        this.wakeUps = Counter.builder("ledger.publisher.notifications")
                .description("Notifications from PostgreSQL that events were stored (by any process)")
                .register(meters);
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "event-store-notifications");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(database.getJdbcUrl(), database.getUsername(),
                    database.getPassword())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                log.debug("Listening for {} on PostgreSQL", CHANNEL);
                eventStore.wakeUp();
                while (running) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        wakeUps.increment(received.length);
                        eventStore.wakeUp();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Listening for stored events failed ({}); the publisher polls until it listens again",
                            e.getMessage());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
