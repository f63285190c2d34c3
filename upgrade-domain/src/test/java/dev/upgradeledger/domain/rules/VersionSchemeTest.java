package dev.upgradeledger.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.Version;
import org.junit.jupiter.api.Test;

class VersionSchemeTest {

    private final VersionScheme numeric = VersionScheme.NUMERIC;

    @Test
    void semanticAndCalendarVersionsAreOrderedByTheirNumbers() {
        assertThat(numeric.compare(v("1.0.10"), v("1.0.9"))).contains(1);
        assertThat(numeric.compare(v("23.09.10"), v("24.03.0"))).contains(-1);
        assertThat(numeric.compare(v("v2.1"), v("2.1.0"))).contains(0);
    }

    @Test
    void aSuffixIsComparedOnlyWhenTheNumbersDiffer() {
        assertThat(numeric.compare(v("1.2.0-rc1"), v("1.1.9"))).contains(1);
        assertThat(numeric.compare(v("1.2.0-rc1"), v("1.2.0"))).isEmpty();
    }

    @Test
    void namesAreNotOrdered() {
        assertThat(numeric.compare(v("blue"), v("1.0"))).isEmpty();
        assertThat(numeric.reads(v("1..2"))).isFalse();
    }

    private static Version v(String value) {
        return Version.of(value);
    }
}
