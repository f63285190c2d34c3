package dev.upgradeledger.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamPropertiesTest {

    @Test
    void aHeartbeatIsAtLeastATenthOfASecond() {
        assertThat(new StreamProperties(Duration.ofSeconds(15)).heartbeat()).hasSeconds(15);
        assertThatThrownBy(() -> new StreamProperties(Duration.ofMillis(99)))
                .hasMessageContaining("ledger.projection.stream.heartbeat");
        assertThatThrownBy(() -> new StreamProperties(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
