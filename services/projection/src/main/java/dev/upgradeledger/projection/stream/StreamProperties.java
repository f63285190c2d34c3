package dev.upgradeledger.projection.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param heartbeat how often every open stream gets a comment line ({@code : heartbeat}), so that proxies and clients
 *                  that close idle connections keep it open; at least 100 ms
 */
@ConfigurationProperties("ledger.projection.stream")
public record StreamProperties(@DefaultValue("15s") Duration heartbeat) {

    public StreamProperties {
        if (heartbeat == null || heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("ledger.projection.stream.heartbeat must be at least 100ms, was "
                    + heartbeat);
        }
    }
}
