package dev.upgradeledger.projection.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeferredIndexesTest {

    @Test
    void definitionsFromTheCatalogSkipAnIndexThatExists() {
        assertThat(DeferredIndexes.ifNotExists(
                "CREATE INDEX history_event_time ON projection.history_event USING btree (cluster_id, occurred_at)"))
                .isEqualTo("CREATE INDEX IF NOT EXISTS history_event_time ON projection.history_event USING btree"
                        + " (cluster_id, occurred_at)");
        assertThat(DeferredIndexes.ifNotExists(
                "CREATE UNIQUE INDEX history_event_stream_id ON projection.history_event USING btree (stream_id)"))
                .isEqualTo("CREATE UNIQUE INDEX IF NOT EXISTS history_event_stream_id ON projection.history_event"
                        + " USING btree (stream_id)");
        assertThat(DeferredIndexes.ifNotExists("CREATE INDEX IF NOT EXISTS a ON b (c)"))
                .isEqualTo("CREATE INDEX IF NOT EXISTS a ON b (c)");
    }

    @Test
    void onlyIndexesNoBatchReadsAreDeferred() {
        assertThat(DeferredIndexes.DEFERRABLE).doesNotContain("upgrade_step_node", "upgrade_step_unfinished")
                .noneMatch(name -> name.endsWith("_pkey"));
    }
}
