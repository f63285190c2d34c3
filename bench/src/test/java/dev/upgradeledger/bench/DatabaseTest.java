package dev.upgradeledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void readsTheIndexOfAGapAwareToken() {
        assertThat(Database.tokenIndex("{\"index\":80250,\"gaps\":[80101,80107]}")).isEqualTo(80250);
        assertThat(Database.tokenIndex("{ \"index\" : 7 }")).isEqualTo(7);
    }

    @Test
    void answersMinusOneWithoutAnIndex() {
        assertThat(Database.tokenIndex(null)).isEqualTo(-1);
        assertThat(Database.tokenIndex("{\"gaps\":[]}")).isEqualTo(-1);
    }
}
