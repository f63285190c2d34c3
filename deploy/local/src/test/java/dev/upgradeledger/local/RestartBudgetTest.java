package dev.upgradeledger.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RestartBudgetTest {

    @Test
    void allowsFiveRestartsWithinFiveMinutesThenRefusesUntilTheOldestAgesOut() {
        RestartBudget budget = new RestartBudget(5, Duration.ofMinutes(5));
        Instant start = Instant.parse("2025-01-01T00:00:00Z");

        for (int i = 0; i < 5; i++) {
            assertThat(budget.tryAcquire(start.plusSeconds(i * 10L))).isTrue();
        }
        assertThat(budget.tryAcquire(start.plusSeconds(60))).isFalse();
        assertThat(budget.tryAcquire(start.plusSeconds(299))).isFalse();
        assertThat(budget.tryAcquire(start.plusSeconds(300))).isTrue();
    }
}
