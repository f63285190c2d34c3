package dev.upgradeledger.domain.policy;

import static dev.upgradeledger.domain.policy.Catalogs.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathDecisionTest {

    private final Hop first = new Hop(v("23.09.9"), v("23.09.10"), false);
    private final Hop second = new Hop(v("23.09.10"), v("24.03.0"), true);

    @Test
    void aRefusalDescribesItsPathAsTheVersionsInOrder() {
        PathDecision.Refused refusal = new PathDecision.Refused("some-rule", "a reason", List.of(first, second));

        assertThat(refusal.describeAllowedPath()).isEqualTo("23.09.9 -> 23.09.10 -> 24.03.0");
        assertThat(refusal.isAllowed()).isFalse();
    }

    @Test
    void aRefusalWithoutPathDescribesItAsEmpty() {
        assertThat(new PathDecision.Refused("some-rule", "a reason", List.of()).describeAllowedPath()).isEmpty();
    }

    @Test
    void anAllowedDecisionNeedsAtLeastOneHop() {
        assertThat(new PathDecision.Allowed(List.of(first)).isAllowed()).isTrue();
        assertThatThrownBy(() -> new PathDecision.Allowed(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hopsMustFormAChain() {
        assertThatThrownBy(() -> new PathDecision.Allowed(List.of(second, first)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not start where");
    }

    @Test
    void aRefusalNeedsARuleAndAReason() {
        assertThatThrownBy(() -> new PathDecision.Refused(" ", "a reason", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PathDecision.Refused("some-rule", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHopsCannotBeChangedAfterwards() {
        PathDecision.Allowed allowed = new PathDecision.Allowed(new ArrayList<>(List.of(first)));

        assertThatThrownBy(() -> allowed.hops().add(second)).isInstanceOf(UnsupportedOperationException.class);
    }
}
