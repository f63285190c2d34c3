package dev.upgradeledger.domain.policy;

import static dev.upgradeledger.domain.policy.Catalogs.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VersionPolicyScaleTest {

    /** A thousand versions: lines L0..L19, each with versions Ln.0..Ln.49. */
    private static final ReleaseCatalog THOUSAND_VERSIONS = new ReleaseCatalog(IntStream.range(0, 20)
            .mapToObj(line -> Catalogs.numbered("L" + line, 0, 49)).toList());

    @Test
    void aPathAcrossAThousandVersionsIsFoundQuickly() {
        VersionPolicy policy = new VersionPolicy(THOUSAND_VERSIONS, PolicyRules.STRICT);

        List<Hop> path = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> policy.shortestAllowedPath(v("L0.0"), v("L19.49")));

        assertThat(path).hasSize(49 + 19);
        assertThat(path.get(49)).isEqualTo(new Hop(v("L0.49"), v("L1.49"), true));
    }

    @Test
    void withinLineJumpsShortenThePathToOneHopPerLine() {
        VersionPolicy policy = new VersionPolicy(THOUSAND_VERSIONS,
                Catalogs.strictExcept(PolicyRules.CONSECUTIVE_WITHIN_LINE));

        List<Hop> path = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> policy.shortestAllowedPath(v("L0.0"), v("L19.0")));

        assertThat(path).hasSize(20);
        assertThat(path).extracting(hop -> hop.to().value()).startsWith("L0.49", "L1.49").endsWith("L19.0");
    }

    @Test
    void aThousandVersionLinePathIsFoundQuickly() {
        ReleaseLine longLine = Catalogs.numbered("long", 0, 999);
        VersionPolicy policy = new VersionPolicy(new ReleaseCatalog(List.of(longLine)), PolicyRules.STRICT);

        List<Hop> path = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> policy.shortestAllowedPath(v("long.0"), v("long.999")));

        assertThat(path).hasSize(999);
    }
}
