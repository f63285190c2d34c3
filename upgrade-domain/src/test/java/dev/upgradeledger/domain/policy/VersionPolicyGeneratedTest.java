package dev.upgradeledger.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.Version;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Random catalogs and rules, checked against a brute-force model of the rules written here from their definition.
 * Set {@code -DversionPolicy.seed=...} to replay a reported seed.
 */
class VersionPolicyGeneratedTest {

    private static final long SEED = Long.getLong("versionPolicy.seed", 20_240_917L);
    private static final int CATALOGS = 300;

    @Test
    void shortestPathsAreAllowedHopByHopMinimalFurthestAlongAndDeterministic() {
        Random random = new Random(SEED);
        for (int n = 0; n < CATALOGS; n++) {
            ReleaseCatalog catalog = randomCatalog(random);
            PolicyRules rules = new PolicyRules(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
                    random.nextBoolean(), random.nextBoolean());
            VersionPolicy policy = new VersionPolicy(catalog, rules);
            Model model = new Model(catalog, rules);
            for (Version from : model.versions) {
                for (Version to : model.versions) {
                    String context = "seed " + SEED + ", catalog #" + n + " " + describe(catalog) + ", " + rules
                            + ", " + from + " -> " + to;
                    checkAgreesWithTheModel(policy, model, from, to, context);
                    if (!from.equals(to)) {
                        shortestPathMatchesTheModel(policy, model, from, to, context);
                    }
                }
            }
        }
    }

    private static void checkAgreesWithTheModel(VersionPolicy policy, Model model, Version from, Version to,
                                                String context) {
        PathDecision decision = policy.check(from, to);
        Optional<String> broken = model.firstBrokenRule(from, to);

        assertThat(decision).as(context).isEqualTo(policy.check(from, to));
        if (broken.isEmpty()) {
            assertThat(decision).as(context).isEqualTo(new PathDecision.Allowed(List.of(model.hop(from, to))));
        } else {
            assertThat(decision).as(context).isInstanceOf(PathDecision.Refused.class);
            PathDecision.Refused refusal = (PathDecision.Refused) decision;
            assertThat(refusal.rule()).as(context).isEqualTo(broken.get());
            assertThat(refusal.allowedPath()).as(context)
                    .isEqualTo(from.equals(to) ? List.of() : policy.shortestAllowedPath(from, to));
        }
    }

    private static void shortestPathMatchesTheModel(VersionPolicy policy, Model model, Version from, Version to,
                                                    String context) {
        List<Hop> path = policy.shortestAllowedPath(from, to);

        assertThat(path).as(context + " (deterministic)").isEqualTo(policy.shortestAllowedPath(from, to));
        assertThat(path).as(context + " (deterministic across instances)")
                .isEqualTo(new VersionPolicy(model.catalog, model.rules).shortestAllowedPath(from, to));
        assertThat(path).as(context + " (furthest-along shortest path)").isEqualTo(model.bestShortestPath(from, to));
        if (path.isEmpty()) {
            return;
        }
        assertThat(path.get(0).from()).as(context).isEqualTo(from);
        assertThat(path.get(path.size() - 1).to()).as(context).isEqualTo(to);
        assertThat(path).as(context + " (every hop allowed by check)").allSatisfy(hop ->
                assertThat(policy.check(hop.from(), hop.to())).isEqualTo(new PathDecision.Allowed(List.of(hop))));
        assertThat(policy.plan(from, to, true)).as(context).isEqualTo(new PathDecision.Allowed(path));
    }

    private static ReleaseCatalog randomCatalog(Random random) {
        int lineCount = 1 + random.nextInt(5);
        List<Integer> sizes = IntStream.range(0, lineCount).mapToObj(i -> 1 + random.nextInt(5)).toList();
        List<Integer> labels = IntStream.range(0, sizes.stream().mapToInt(Integer::intValue).sum()).boxed()
                .collect(Collectors.toList());
        Collections.shuffle(labels, random);
        List<ReleaseLine> lines = new ArrayList<>();
        int next = 0;
        for (int line = 0; line < lineCount; line++) {
            List<Version> versions = new ArrayList<>();
            for (int i = 0; i < sizes.get(line); i++) {
                versions.add(Version.of("r" + labels.get(next++)));
            }
            lines.add(new ReleaseLine("line" + line, versions));
        }
        return new ReleaseCatalog(lines);
    }

    private static String describe(ReleaseCatalog catalog) {
        return catalog.lines().stream().map(line -> line.name() + "=" + line.versions())
                .collect(Collectors.joining(" "));
    }

    /** The rules as PolicyRules and the brief define them, searched by brute force. */
    private static final class Model {

        private final ReleaseCatalog catalog;
        private final PolicyRules rules;
        private final List<Version> versions = new ArrayList<>();
        private final Map<Version, Integer> lineOf = new HashMap<>();
        private final Map<Version, Integer> indexOf = new HashMap<>();

        Model(ReleaseCatalog catalog, PolicyRules rules) {
            this.catalog = catalog;
            this.rules = rules;
            for (int line = 0; line < catalog.lines().size(); line++) {
                List<Version> lineVersions = catalog.lines().get(line).versions();
                for (int index = 0; index < lineVersions.size(); index++) {
                    versions.add(lineVersions.get(index));
                    lineOf.put(lineVersions.get(index), line);
                    indexOf.put(lineVersions.get(index), index);
                }
            }
        }

        Optional<String> firstBrokenRule(Version from, Version to) {
            if (from.equals(to)) {
                return Optional.of(VersionPolicy.SAME_VERSION);
            }
            int a = versions.indexOf(from);
            int b = versions.indexOf(to);
            int fromLine = lineOf.get(from);
            int toLine = lineOf.get(to);
            boolean latest = indexOf.get(from) == catalog.lines().get(fromLine).versions().size() - 1;
            if (b < a) {
                return rules.noDowngrade() ? Optional.of(PolicyRules.NO_DOWNGRADE) : Optional.empty();
            }
            List<String> broken = new ArrayList<>();
            if (rules.noLineSkipping() && toLine > fromLine + 1) {
                broken.add(PolicyRules.NO_LINE_SKIPPING);
            }
            if (rules.latestInLineFirst() && toLine > fromLine && !latest) {
                broken.add(PolicyRules.LATEST_IN_LINE_FIRST);
            }
            if (rules.consecutiveWithinLine() && toLine == fromLine && b != a + 1) {
                broken.add(PolicyRules.CONSECUTIVE_WITHIN_LINE);
            }
            return broken.stream().findFirst();
        }

        boolean allows(Version from, Version to) {
            return firstBrokenRule(from, to).isEmpty();
        }

        Hop hop(Version from, Version to) {
            return new Hop(from, to, !lineOf.get(from).equals(lineOf.get(to)));
        }

        /** Every shortest forward path enumerated; the one furthest along at its first differing hop wins. */
        List<Hop> bestShortestPath(Version from, Version to) {
            if (versions.indexOf(to) < versions.indexOf(from)) {
                return allows(from, to) ? List.of(hop(from, to)) : List.of();
            }
            Map<Version, Integer> distance = forwardDistances(from);
            if (!distance.containsKey(to)) {
                return List.of();
            }
            List<List<Version>> shortest = new ArrayList<>();
            collectShortest(new ArrayList<>(List.of(from)), to, distance.get(to), distance, shortest);
            List<Version> best = shortest.stream().max(this::compareHopByHop).orElseThrow();
            return IntStream.range(1, best.size()).mapToObj(i -> hop(best.get(i - 1), best.get(i))).toList();
        }

        private Map<Version, Integer> forwardDistances(Version from) {
            Map<Version, Integer> distance = new HashMap<>(Map.of(from, 0));
            Deque<Version> queue = new ArrayDeque<>(List.of(from));
            while (!queue.isEmpty()) {
                Version current = queue.remove();
                for (Version candidate : versions) {
                    boolean forward = versions.indexOf(candidate) > versions.indexOf(current);
                    if (forward && !distance.containsKey(candidate) && allows(current, candidate)) {
                        distance.put(candidate, distance.get(current) + 1);
                        queue.add(candidate);
                    }
                }
            }
            return distance;
        }

        private void collectShortest(List<Version> prefix, Version to, int length, Map<Version, Integer> distance,
                                     List<List<Version>> found) {
            Version last = prefix.get(prefix.size() - 1);
            if (prefix.size() - 1 == length) {
                if (last.equals(to)) {
                    found.add(List.copyOf(prefix));
                }
                return;
            }
            for (Version candidate : versions) {
                boolean forward = versions.indexOf(candidate) > versions.indexOf(last);
                if (forward && distance.getOrDefault(candidate, -1) == prefix.size() && allows(last, candidate)) {
                    prefix.add(candidate);
                    collectShortest(prefix, to, length, distance, found);
                    prefix.remove(prefix.size() - 1);
                }
            }
        }

        private int compareHopByHop(List<Version> left, List<Version> right) {
            for (int i = 0; i < left.size(); i++) {
                int compared = Integer.compare(versions.indexOf(left.get(i)), versions.indexOf(right.get(i)));
                if (compared != 0) {
                    return compared;
                }
            }
            return 0;
        }
    }
}
