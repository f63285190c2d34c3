package dev.upgradeledger.commandapi.notify;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the due notifications of the outbox: each as a CloudEvent (structured mode, {@code application/cloudevents+json})
 * signed as {@link WebhookSignature} describes. A 2xx answer delivers it; anything else (another status, a time-out,
 * a refused connection) is retried after a back-off doubling from {@code initial-backoff} to {@code max-backoff},
 * until {@code max-attempts}, when it is given up and kept with its last error. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work; a notification is sent at least once and may be sent
 * again after a crash between the receiver's answer and the commit: receivers de-duplicate by {@code webhook-id}.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 50;

    private final NotificationProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Map<String, NotificationProperties.Webhook> webhooks;
    private final HttpClient http;
    private ScheduledExecutorService executor;

    WebhookDispatcher(NotificationProperties properties, JdbcClient jdbc, TransactionTemplate transactions) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.webhooks = properties.webhooks().stream()
                .collect(Collectors.toMap(NotificationProperties.Webhook::name, Function.identity()));
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private record Due(String id, String webhook, String body, int attempts) {
    }

    /** Sends what is due now; answers how many were delivered. */
    int dispatchDue() {
        Integer delivered = transactions.execute(status -> {
            List<Due> due = jdbc.sql("SELECT id, webhook, body, attempts FROM notification_outbox"
                            + " WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= now()"
                            + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED")
                    .param(BATCH)
                    .query((rs, row) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)))
                    .list();
            int sent = 0;
            for (Due notification : due) {
                String error = send(notification);
                if (error == null) {
                    jdbc.sql("UPDATE notification_outbox SET delivered_at = now(), attempts = attempts + 1,"
                            + " last_error = NULL WHERE id = ?").param(notification.id()).update();
                    sent++;
                } else {
                    int attempts = notification.attempts() + 1;
                    boolean giveUp = attempts >= properties.maxAttempts();
                    jdbc.sql("UPDATE notification_outbox SET attempts = ?, last_error = ?,"
                                    + " next_attempt_at = now() + make_interval(secs => ?),"
                                    + " given_up_at = CASE WHEN ? THEN now() ELSE NULL END WHERE id = ?")
                            .params(attempts, error.length() > 500 ? error.substring(0, 500) : error,
                                    backoff(attempts).toMillis() / 1000.0, giveUp, notification.id())
                            .update();
                    if (giveUp) {
                        LOG.warn("Notification {} given up after {} attempts: {}", notification.id(), attempts, error);
                    }
                }
            }
            return sent;
        });
        return delivered == null ? 0 : delivered;
    }

    /** The wait after the {@code attempts}-th failed attempt. */
    Duration backoff(int attempts) {
        Duration wait = properties.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(properties.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    /** Sends one notification; null when delivered, else why not. */
    private String send(Due notification) {
        NotificationProperties.Webhook webhook = webhooks.get(notification.webhook());
        if (webhook == null) {
            return "no webhook " + notification.webhook() + " is configured any more";
        }
        String id = notification.id();
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(properties.timeout())
                .header("Content-Type", "application/cloudevents+json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(webhook.secret(), id, timestamp,
                        notification.body()))
                .POST(HttpRequest.BodyPublishers.ofString(notification.body())).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "answered " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null || properties.webhooks().isEmpty()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                while (dispatchDue() == BATCH) {
                    // a full batch: look again at once
                }
            } catch (RuntimeException e) {
                LOG.warn("Dispatching notifications failed; trying again in {} ms", every, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
