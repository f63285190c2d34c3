package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The discovery groups' read model (Replicante live move) over Kafka: a duplicate of the last claim and an event with
 * an epoch older than the one recorded change nothing; the group keeps the manager of its highest epoch.
 */
@LedgerIntegrationTest
class DiscoveryGroupIT extends ProjectionIntegrationTest {

    @Test
    void aDuplicateAndAnOutOfDateEpochChangeNothing() {
        History history = History.registered(uniqueClusterId("groups"), "replicante", "0.7", "core-1", "core-2");
        ClusterId home = history.clusterId();
        ClusterId next = ClusterId.of(uniqueClusterId("groups-new"));
        history.add(new DiscoveryGroupClaimed(home, "zone-a", home, 1, null, null));
        history.add(new DiscoveryGroupReleased(home, "zone-a", home, 2, null, null));
        EventEnvelope claimed = history.add(new DiscoveryGroupClaimed(home, "zone-a", next, 3, null, null));
        publishAndAwait(history.all());
        String path = "/api/v1/clusters/" + home.value() + "/groups";
        JsonNode before = group(awaitJson(path, json -> group(json).get("epoch").asLong() == 3));
        assertThat(before.get("managerClusterId").asString()).isEqualTo(next.value());

        double duplicatesBefore = duplicates();
        redeliver(claimed);  // waits until the projection counted it as a duplicate
        // out of date: a release of epoch 2 again, as a later event of the cluster
        EventEnvelope stale = history.add(new DiscoveryGroupReleased(home, "zone-a", home, 2, null, null));
        publishAndAwait(java.util.List.of(stale));

        JsonNode after = group(api.get(path).json());
        assertThat(after.get("managerClusterId").asString()).as("still the manager of epoch 3")
                .isEqualTo(next.value());
        assertThat(after.get("epoch").asLong()).isEqualTo(3);
        assertThat(after.get("changedAt").asString()).isEqualTo(before.get("changedAt").asString());
        assertThat(duplicates()).as("the duplicate was counted, not applied").isGreaterThan(duplicatesBefore);
        assertThat(api.get("/api/v1/clusters/" + home.value() + "/history?type=DiscoveryGroupReleased").json()
                .get("events")).as("the stale release is in the history, once").hasSize(2);
        assertThat(stale.sequence()).isGreaterThan(claimed.sequence());
    }

    private static JsonNode group(JsonNode groups) {
        for (JsonNode group : groups.get("groups")) {
            if (group.get("group").asString().equals("zone-a")) {
                return group;
            }
        }
        throw new AssertionError("no group zone-a in " + groups);
    }
}
