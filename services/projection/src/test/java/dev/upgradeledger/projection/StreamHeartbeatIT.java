package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tests run with {@code ledger.projection.stream.heartbeat=1s} (src/test/resources/config). */
@LedgerIntegrationTest
class StreamHeartbeatIT extends ServiceIntegrationTest {

    @Test
    void anOpenStreamGetsAHeartbeatCommentEverySecond() throws Exception {
        try (SseClient stream = SseClient.open("http://127.0.0.1:" + port + "/api/v1/stream", null)) {
            List<String> comments = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                comments.add(stream.comment(Duration.ofSeconds(10)));
            }

            assertThat(comments.get(0)).as("the opening comment").startsWith("upgrade-ledger stream after");
            assertThat(comments.subList(1, 3)).containsExactly("heartbeat", "heartbeat");
        }
    }

    @Test
    void aClusterStreamGetsHeartbeatsToo() throws Exception {
        try (SseClient stream = SseClient.open("http://127.0.0.1:" + port + "/api/v1/clusters/quiet-cluster/stream",
                null)) {
            assertThat(stream.comment(Duration.ofSeconds(10))).startsWith("upgrade-ledger stream after");
            assertThat(stream.comment(Duration.ofSeconds(10))).isEqualTo("heartbeat");
        }
    }
}
