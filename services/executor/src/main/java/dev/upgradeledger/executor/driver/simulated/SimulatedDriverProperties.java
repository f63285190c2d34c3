package dev.upgradeledger.executor.driver.simulated;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param latency how long every simulated action takes */
@ConfigurationProperties("ledger.executor.drivers.simulated")
public record SimulatedDriverProperties(@DefaultValue("20ms") Duration latency) {
}
