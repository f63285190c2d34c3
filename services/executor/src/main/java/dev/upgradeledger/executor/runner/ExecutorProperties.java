package dev.upgradeledger.executor.runner;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultDriver   the driver of a cluster not listed in {@code clusterDrivers}
 * @param clusterDrivers  cluster id to driver name ({@code simulated}, {@code http}, {@code script})
 * @param actionTimeout   the longest any action may take; a step's own timeout, when shorter, wins
 * @param reportTimeout   how long sending an outcome to ledger.commands may take before the record is retried
 * @param actionThreads   how many actions may run at once (the listener threads bound it too)
 */
@ConfigurationProperties("ledger.executor")
public record ExecutorProperties(@DefaultValue("simulated") String defaultDriver,
                                 @DefaultValue Map<String, String> clusterDrivers,
                                 @DefaultValue("10m") Duration actionTimeout,
                                 @DefaultValue("30s") Duration reportTimeout,
                                 @DefaultValue("8") int actionThreads) {

    public String driverOf(String clusterId) {
        return clusterDrivers.getOrDefault(clusterId, defaultDriver);
    }
}
