package dev.upgradeledger.domain.policy;

import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Release catalogs and rule sets modelled on the guides, and small builders for tests. */
final class Catalogs {

    /** Inmanta asks for one major at a time and the latest of a major first, nothing about versions within one. */
    static final PolicyRules INMANTA_RULES = new PolicyRules(true, true, false, true, true);

    private Catalogs() {
    }

    /** Backend.AI: 23.03.0..23.03.11, 23.09.0..23.09.10, 24.03.0..24.03.5, 24.09.0..24.09.2. */
    static ReleaseCatalog backendAi() {
        return catalog(numbered("23.03", 0, 11), numbered("23.09", 0, 10), numbered("24.03", 0, 5),
                numbered("24.09", 0, 2));
    }

    /** Camunda as its guide names it: one version per minor line, 7.4, 7.5, 7.6. */
    static ReleaseCatalog camunda() {
        return catalog(line("7.4", "7.4"), line("7.5", "7.5"), line("7.6", "7.6"));
    }

    /** Camunda with patch releases: 7.4.0..7.4.3, 7.5.0..7.5.2, 7.6.0..7.6.1. */
    static ReleaseCatalog camundaWithPatches() {
        return catalog(numbered("7.4", 0, 3), numbered("7.5", 0, 2), numbered("7.6", 0, 1));
    }

    /** Inmanta majors: 2022 = 2022.1, 2022.2; 2023 = 2023.1..2023.4; 2024 = 2024.1. */
    static ReleaseCatalog inmanta() {
        return catalog(numbered("2022", 1, 2), numbered("2023", 1, 4), numbered("2024", 1, 1));
    }

    static ReleaseCatalog catalog(ReleaseLine... lines) {
        return new ReleaseCatalog(List.of(lines));
    }

    static ReleaseLine line(String name, String... versions) {
        return new ReleaseLine(name, Arrays.stream(versions).map(Version::of).toList());
    }

    /** Line {@code name} with versions {@code name.first} to {@code name.last}. */
    static ReleaseLine numbered(String name, int first, int last) {
        return new ReleaseLine(name, IntStream.rangeClosed(first, last).mapToObj(i -> v(name + "." + i)).toList());
    }

    static Version v(String value) {
        return Version.of(value);
    }

    /** The chain of hops through the given versions, as the given catalog's lines place them. */
    static List<Hop> path(ReleaseCatalog catalog, String... versions) {
        List<Hop> hops = new ArrayList<>();
        for (int i = 1; i < versions.length; i++) {
            Version from = v(versions[i - 1]);
            Version to = v(versions[i]);
            boolean newLine = catalog.positionOf(from).orElseThrow().line()
                    != catalog.positionOf(to).orElseThrow().line();
            hops.add(new Hop(from, to, newLine));
        }
        return hops;
    }

    /** Every rule on except the named one. */
    static PolicyRules strictExcept(String rule) {
        return new PolicyRules(!rule.equals(PolicyRules.NO_LINE_SKIPPING),
                !rule.equals(PolicyRules.LATEST_IN_LINE_FIRST), !rule.equals(PolicyRules.CONSECUTIVE_WITHIN_LINE),
                !rule.equals(PolicyRules.NO_DOWNGRADE), !rule.equals(PolicyRules.NO_ROLLING_ACROSS_LINES));
    }
}
