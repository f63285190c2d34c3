package dev.upgradeledger.commandapi.publishing;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.kafka.LedgerKafkaProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How large an event's envelope may be to be published: {@code ledger.kafka.max-record-size}, or less when the
 * broker's {@value LedgerTopics#EVENTS} topic accepts less ({@code max.message.bytes}, read from the broker at most
 * once a minute, in the background, and whenever parked events are re-driven). One rule for both ends: a command whose events do not fit
 * is refused before anything is stored ({@link EventSizeInterceptor}), and an event stored earlier that does not fit
 * (an older ledger, a topic whose limit was lowered) is parked instead of blocking the publisher
 * ({@link KafkaEventPublisher}).
 */
@Component
public class RecordSizeLimit implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RecordSizeLimit.class);
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private final KafkaAdmin admin;
    private final long configured;
    private volatile long topicLimit = Long.MAX_VALUE;
    private volatile Instant readAt = Instant.MIN;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** One client for every read: each new one logs in again (SCRAM's key derivation costs milliseconds of CPU). */
    private AdminClient client;

    RecordSizeLimit(KafkaAdmin admin, LedgerKafkaProperties properties) {
        this.admin = admin;
        this.configured = properties.maxRecordSize().toBytes();
    }

    /**
     * The largest envelope, in bytes of UTF-8 JSON, that can be published now. Called for every event: when the
     * topic's limit is older than a minute it is read again in the background, never on the caller's thread.
     */
    public long bytes() {
        if (Instant.now().isAfter(readAt.plus(REFRESH)) && refreshing.compareAndSet(false, true)) {
            readAt = Instant.now();
            CompletableFuture.runAsync(this::refresh).whenComplete((done, failure) -> refreshing.set(false));
        }
        return Math.min(configured, topicLimit);
    }

    /** Whether {@code envelope} (UTF-8 JSON) fits. */
    public boolean fits(String envelope) {
        return excess(envelope, 0) < 0;
    }

    /**
     * The UTF-8 size of {@code envelope} when it is larger than the limit less {@code reserve} bytes, else -1.
     * A char is at most 3 UTF-8 bytes, so the exact count is taken only when that bound could exceed the limit.
     */
    public long excess(String envelope, int reserve) {
        return excess(envelope, bytes() - reserve);
    }

    /**
     * The UTF-8 size of {@code text} when it is larger than {@code limit} bytes, else -1. A char is at most 3 UTF-8
     * bytes, so the exact count is taken only when that bound could exceed the limit.
     */
    public static long excess(String text, long limit) {
        if ((long) text.length() * 3 <= limit) {
            return -1;
        }
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        return size > limit ? size : -1;
    }

    private synchronized AdminClient client() {
        if (client == null) {
            client = AdminClient.create(admin.getConfigurationProperties());
        }
        return client;
    }

    @Override
    public synchronized void destroy() {
        if (client != null) {
            client.close(Duration.ofSeconds(5));
            client = null;
        }
    }

    /** Reads the topic's limit from the broker now; keeps the last one known if the broker does not answer. */
    public void refresh() {
        readAt = Instant.now();
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, LedgerTopics.EVENTS);
        try {
            Map<ConfigResource, Config> configs = client().describeConfigs(java.util.List.of(topic)).all()
                    .get(10, TimeUnit.SECONDS);
            String value = configs.get(topic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value();
            topicLimit = Long.parseLong(value) - LedgerKafkaProperties.RECORD_OVERHEAD_BYTES;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("Could not read {} of {}: {}", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LedgerTopics.EVENTS,
                    e.toString());
        }
    }
}
