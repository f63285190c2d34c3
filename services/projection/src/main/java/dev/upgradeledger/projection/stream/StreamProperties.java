package dev.upgradeledger.projection.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param heartbeat how often every open stream gets a comment line ({@code : heartbeat}), so that proxies and clients
 *                  that close idle connections keep it open; at least 100 ms
 * @param maxReplay at most this many missed events are sent to a stream that resumes ({@code Last-Event-ID} or
 *                  {@code after}); a client that missed more gets one {@code replay-truncated} event instead and
 *                  goes on with the live events (the history API pages through what it missed); 1 to 100,000
 */
@ConfigurationProperties("ledger.projection.stream")
public record StreamProperties(@DefaultValue("15s") Duration heartbeat, @DefaultValue("1000") int maxReplay) {

    public StreamProperties {
        if (heartbeat == null || heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("ledger.projection.stream.heartbeat must be at least 100ms, was "
                    + heartbeat);
        }
        if (maxReplay < 1 || maxReplay > 100_000) {
            throw new IllegalArgumentException("ledger.projection.stream.max-replay must be 1 to 100000, was "
                    + maxReplay);
        }
    }
}
