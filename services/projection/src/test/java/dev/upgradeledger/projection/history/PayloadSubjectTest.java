package dev.upgradeledger.projection.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.projection.RecordedUpgrades;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PayloadSubjectTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final PayloadSubject subjects = new PayloadSubject(json);

    @Test
    void theSubjectOfEveryEventOfARecordedUpgradeIsWhatItsPayloadsJsonNames() {
        List<EventEnvelope> events = RecordedUpgrades.verificationFailure("c1", Instant.parse("2026-11-21T10:00:00Z"),
                true).events();
        assertThat(events).extracting(EventEnvelope::eventType)
                .contains("ClusterRegistered", "UpgradeRequested", "StepStarted", "StepFailed", "NodeUpgraded");

        for (EventEnvelope envelope : events) {
            JsonNode payload = json.valueToTree(envelope.payload());
            assertThat(new String[] {subjects.text(envelope.payload(), PayloadSubject.UPGRADE_ID),
                    subjects.text(envelope.payload(), PayloadSubject.NODE_ID),
                    subjects.text(envelope.payload(), PayloadSubject.STEP_ID)})
                    .as(envelope.eventType())
                    .containsExactly(text(payload, "upgradeId"), text(payload, "nodeId"), text(payload, "stepId"));
        }
    }

    @Test
    void everyEventTypeIsARecordSoItsJsonPropertiesAreItsComponents() {
        for (Class<?> event : LedgerEvent.class.getPermittedSubclasses()) {
            assertThat(event.isRecord()).as(event.getSimpleName()).isTrue();
        }
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
