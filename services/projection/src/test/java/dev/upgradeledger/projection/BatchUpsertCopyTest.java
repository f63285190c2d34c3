package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchUpsertCopyTest {

    private static String escaped(String value) {
        StringBuilder into = new StringBuilder("x");
        BatchUpsert.Copy.escape(value, into);
        return into.substring(1);
    }

    @Test
    void plainValuesAreAppendedWhole() {
        assertThat(escaped("{\"nodeId\":\"engine-1\",\"note\":\"é ü\"}")).isEqualTo("{\"nodeId\":\"engine-1\",\"note\":\"é ü\"}");
        assertThat(escaped("")).isEmpty();
    }

    @Test
    void backslashTabNewlineAndCarriageReturnAreEscapedWhereverTheyAre() {
        assertThat(escaped("\\")).isEqualTo("\\\\");
        assertThat(escaped("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
        assertThat(escaped("plain then \\\"quoted\\\"")).isEqualTo("plain then \\\\\"quoted\\\\\"");
        assertThat(escaped("\nfirst")).isEqualTo("\\nfirst");
    }
}
