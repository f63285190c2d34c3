package dev.upgradeledger.commandapi.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.FleetEventEnvelope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The contract's list of fleet event types (shared-events, the AsyncAPI document) is the aggregate's events. */
class FleetEventTypesTest {

    @Test
    void theEnvelopesEventTypesAreTheFleetEvents() {
        assertThat(Arrays.stream(FleetUpgradeEvent.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrderElementsOf(FleetEventEnvelope.EVENT_TYPES);
    }
}
