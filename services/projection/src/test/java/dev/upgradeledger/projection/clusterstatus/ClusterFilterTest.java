package dev.upgradeledger.projection.clusterstatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.InvalidValueException;
import org.junit.jupiter.api.Test;

class ClusterFilterTest {

    @Test
    void withoutALimitEveryClusterIsOnePage() {
        assertThat(new ClusterFilter(null, null, null, null, null, null).limit()).isNull();
    }

    @Test
    void aLimitIsOneToFiveHundred() {
        assertThat(new ClusterFilter(null, null, null, null, null, 500).limit()).isEqualTo(500);
        assertThatThrownBy(() -> new ClusterFilter(null, null, null, null, null, 0))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("limit must be 1 to 500");
        assertThatThrownBy(() -> new ClusterFilter(null, null, null, null, null, 501))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aBlankProductIsRefused() {
        assertThatThrownBy(() -> new ClusterFilter(" ", null, null, null, null, null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("product");
    }
}
