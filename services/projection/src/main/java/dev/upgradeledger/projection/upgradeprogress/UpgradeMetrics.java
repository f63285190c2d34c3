package dev.upgradeledger.projection.upgradeprogress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.projection.upgrades{status}}: how many upgrades the projection knows in each {@link UpgradeStatus}
 * (read from the read model at each scrape), so an operator can alert on paused or failed upgrades.
 */
@Component
class UpgradeMetrics implements MeterBinder {

    private final JdbcClient jdbc;

    UpgradeMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (UpgradeStatus status : UpgradeStatus.values()) {
            Gauge.builder("ledger.projection.upgrades", () -> count(status))
                    .description("upgrades in this status").tag("status", status.name()).register(registry);
        }
    }

    private long count(UpgradeStatus status) {
        return jdbc.sql("select count(*) from upgrade_progress where status = ?").param(status.name())
                .query(Long.class).single();
    }
}
