package dev.upgradeledger.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamPropertiesTest {

    @Test
    void aHeartbeatIsAtLeastATenthOfASecond() {
        assertThat(new StreamProperties(Duration.ofSeconds(15), 1000).heartbeat()).hasSeconds(15);
        assertThatThrownBy(() -> new StreamProperties(Duration.ofMillis(99), 1000))
                .hasMessageContaining("ledger.projection.stream.heartbeat");
        assertThatThrownBy(() -> new StreamProperties(null, 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReplayOnResumingIsBounded() {
        assertThat(new StreamProperties(Duration.ofSeconds(15), 1).maxReplay()).isEqualTo(1);
        assertThatThrownBy(() -> new StreamProperties(Duration.ofSeconds(15), 0))
                .hasMessageContaining("ledger.projection.stream.max-replay");
        assertThatThrownBy(() -> new StreamProperties(Duration.ofSeconds(15), 100_001))
                .hasMessageContaining("ledger.projection.stream.max-replay");
    }
}
