package dev.upgradeledger.projection.upgradeprogress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.InvalidValueException;
import org.junit.jupiter.api.Test;

class UpgradeFilterTest {

    @Test
    void aPageIsOneToFiveHundredUpgradesBeforeACursor() {
        assertThat(new UpgradeFilter(UpgradeStatus.RUNNING, 12L, 500).before()).isEqualTo(12L);
        assertThatThrownBy(() -> new UpgradeFilter(null, null, 0)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new UpgradeFilter(null, null, 501)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new UpgradeFilter(null, -1L, 10)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("after");
    }
}
