package dev.upgradeledger.projection.upgradeprogress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.projection.upgrades.paused.oldest} (Prometheus: {@code ledger_projection_upgrades_paused_oldest_seconds}):
 * how long the upgrade that has been {@link UpgradeStatus#PAUSED} the longest has been paused (from its
 * {@code UpgradePaused} event's time), 0 when none is; read from the read model at each scrape. An alert on it catches
 * an upgrade left paused and forgotten ({@code deploy/prometheus/ledger-alerts.yml}).
 */
@Component
class PausedUpgradeMetrics implements MeterBinder {

    private final Supplier<Optional<Instant>> oldestPausedAt;
    private final Clock clock;

    @Autowired
    PausedUpgradeMetrics(JdbcClient jdbc) {
        this(() -> jdbc.sql("select min(paused_at) from upgrade_progress where status = ?")
                .param(UpgradeStatus.PAUSED.name())
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single(), Clock.systemUTC());
    }

    PausedUpgradeMetrics(Supplier<Optional<Instant>> oldestPausedAt, Clock clock) {
        this.oldestPausedAt = oldestPausedAt;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ledger.projection.upgrades.paused.oldest", this, PausedUpgradeMetrics::oldestPausedSeconds)
                .description("how long the longest-paused upgrade has been paused; 0 when none is")
                .baseUnit("seconds").strongReference(true).register(registry);
    }

    double oldestPausedSeconds() {
        return oldestPausedAt.get()
                .map(pausedAt -> Math.max(0, Duration.between(pausedAt, clock.instant()).toMillis() / 1000.0))
                .orElse(0.0);
    }
}
