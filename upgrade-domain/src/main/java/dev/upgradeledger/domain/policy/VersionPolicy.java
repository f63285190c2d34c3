package dev.upgradeledger.domain.policy;

import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A product's version policy: which direct upgrade hops its release catalog and switchable rules allow, and the
 * shortest chain of allowed hops to reach a version that cannot be reached directly.
 *
 * <p>Versions are ordered by the catalog alone: every version of a line comes after every version of the lines
 * before it, and within a line the catalog's order holds. A hop to an earlier version is a downgrade: only
 * {@code no-downgrade} applies to it. A hop forward within a line is judged by {@code consecutive-within-line}; a hop
 * into a later line by {@code no-line-skipping} and {@code latest-in-line-first}, and may land on any version of the
 * line it enters (Backend.AI: {@code 23.09.10 -> 24.03.5} is allowed). Switched-off rules are not checked.
 *
 * <p>Paths only move forward: a downgrade is never used as a stepping stone towards a later version.
 *
 * <p>{@link #check} and {@link #plan} answer unknown versions with a refusal; the lower-level queries
 * ({@link #shortestAllowedPath}, {@link #hop}, {@link #isAfter}, {@link #order}) throw
 * {@link IllegalArgumentException} for them, since asking them about a version the catalog lacks is a caller's bug.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class VersionPolicy {

    /** Rule id of a refusal naming a version the product's catalog does not contain. */
    public static final String UNKNOWN_VERSION = Rule.UNKNOWN_VERSION.id();

    /** Rule id of a refusal to "upgrade" a version to itself. */
    public static final String SAME_VERSION = Rule.SAME_VERSION.id();

    private static final int UNREACHABLE = -1;

    private final ReleaseCatalog catalog;
    private final PolicyRules rules;
    private final Slot[] slots;
    private final Map<Version, Slot> slotsByVersion;

    /** Where a version stands: its place in the whole catalog, its line, its place in the line. */
    private record Slot(int ordinal, Version version, int line, int index, boolean latestInLine) {
    }

    public VersionPolicy(ReleaseCatalog catalog, PolicyRules rules) {
        this.catalog = Objects.requireNonNull(catalog, "a version policy needs a release catalog");
        this.rules = Objects.requireNonNull(rules, "a version policy needs its rules");
        this.slots = slotsInCatalogOrder(catalog);
        this.slotsByVersion = Arrays.stream(slots).collect(Collectors.toMap(Slot::version, slot -> slot));
    }

    public ReleaseCatalog catalog() {
        return catalog;
    }

    public PolicyRules rules() {
        return rules;
    }

    /** Whether the product's catalog contains this version. */
    public boolean knows(Version version) {
        return slotsByVersion.containsKey(version);
    }

    /**
     * Whether the single direct hop {@code from -> to} is allowed. A refusal names the first rule broken, in the
     * order no-downgrade, no-line-skipping, latest-in-line-first, consecutive-within-line, and carries the shortest
     * allowed path to {@code to} (empty for a refused downgrade). Unknown versions are refused with
     * {@link #UNKNOWN_VERSION}, a hop to the same version with {@link #SAME_VERSION}, both with an empty path.
     */
    public PathDecision check(Version from, Version to) {
        requireVersions(from, to);
        List<Version> unknown = Stream.of(from, to).filter(version -> !knows(version)).distinct().toList();
        if (!unknown.isEmpty()) {
            return new PathDecision.Refused(UNKNOWN_VERSION, explainUnknown(unknown), List.of());
        }
        if (from.equals(to)) {
            return new PathDecision.Refused(SAME_VERSION,
                    from + " -> " + to + " is not an upgrade: both are the same version", List.of());
        }
        Slot start = slotOf(from);
        Slot target = slotOf(to);
        Optional<String> brokenRule = firstBrokenRule(start, target);
        if (brokenRule.isEmpty()) {
            return new PathDecision.Allowed(List.of(hopBetween(start, target)));
        }
        return new PathDecision.Refused(brokenRule.get(), explain(brokenRule.get(), start, target),
                shortestPath(start, target));
    }

    /**
     * Decides an upgrade request: the direct hop when it is allowed; otherwise, when {@code followPath} is set and
     * the rules allow some path, that shortest path as a chain of upgrades carried out one hop at a time; otherwise
     * the refusal of {@link #check}.
     */
    public PathDecision plan(Version from, Version to, boolean followPath) {
        PathDecision direct = check(from, to);
        if (!followPath || direct.isAllowed()) {
            return direct;
        }
        List<Hop> path = ((PathDecision.Refused) direct).allowedPath();
        return path.isEmpty() ? direct : new PathDecision.Allowed(path);
    }

    /**
     * The fewest allowed hops leading from {@code from} to {@code to}; empty when the rules allow no path, or when
     * both are the same version. Forward paths never step backwards; a path to an earlier version is the direct
     * downgrade, when allowed. Among equally short paths, the one whose next version is furthest along in the
     * catalog wins, hop by hop, so the answer is deterministic ({@code 23.09.8 -> 24.03.5} goes
     * {@code 23.09.8 -> 23.09.9 -> 23.09.10 -> 24.03.5}).
     *
     * @throws IllegalArgumentException if the catalog lacks either version
     */
    public List<Hop> shortestAllowedPath(Version from, Version to) {
        requireVersions(from, to);
        Slot start = requireKnown(from);
        Slot target = requireKnown(to);
        return start.equals(target) ? List.of() : shortestPath(start, target);
    }

    /**
     * Whether a hop may be carried out with the given strategy: with {@code no-rolling-across-lines} on, a hop that
     * enters a new release line must not be ROLLING. The refusal carries no path, since the versions are not at
     * fault, only the way of getting there.
     */
    public Optional<PathDecision.Refused> checkStrategy(Hop hop, UpgradeStrategy strategy) {
        Objects.requireNonNull(hop, "hop must not be null");
        Objects.requireNonNull(strategy, "strategy must not be null");
        if (!rules.noRollingAcrossLines() || !hop.entersNewLine() || strategy != UpgradeStrategy.ROLLING) {
            return Optional.empty();
        }
        return Optional.of(new PathDecision.Refused(PolicyRules.NO_ROLLING_ACROSS_LINES,
                hop.from() + " -> " + hop.to() + " enters " + lineEnteredBy(hop)
                        + ", and a major upgrade must never be rolling: use OFFLINE, REJOIN or MIGRATION"
                        + " (rule " + PolicyRules.NO_ROLLING_ACROSS_LINES + ")",
                List.of()));
    }

    /**
     * The hop between two catalog versions, flagged as entering a new line when they lie in different lines. Says
     * nothing about whether the hop is allowed.
     *
     * @throws IllegalArgumentException if the catalog lacks either version
     */
    public Hop hop(Version from, Version to) {
        requireVersions(from, to);
        return hopBetween(requireKnown(from), requireKnown(to));
    }

    /**
     * Whether {@code later} comes after {@code earlier} in the catalog (e.g. a schema version ahead of a node
     * version, or which way a rollback goes).
     *
     * @throws IllegalArgumentException if the catalog lacks either version
     */
    public boolean isAfter(Version later, Version earlier) {
        return order().compare(later, earlier) > 0;
    }

    /**
     * The catalog's release order, oldest first.
     *
     * <p>The comparator throws {@link IllegalArgumentException} when asked about a version the catalog lacks.
     */
    public Comparator<Version> order() {
        return Comparator.comparingInt(version -> requireKnown(version).ordinal());
    }

    private Optional<String> firstBrokenRule(Slot from, Slot to) {
        if (to.ordinal() < from.ordinal()) {
            return breaks(rules.noDowngrade(), PolicyRules.NO_DOWNGRADE);
        }
        if (to.line() > from.line()) {
            return firstBrokenLineEntryRule(from, to);
        }
        return breaks(rules.consecutiveWithinLine() && to.index() != from.index() + 1,
                PolicyRules.CONSECUTIVE_WITHIN_LINE);
    }

    private Optional<String> firstBrokenLineEntryRule(Slot from, Slot to) {
        if (rules.noLineSkipping() && to.line() != from.line() + 1) {
            return Optional.of(PolicyRules.NO_LINE_SKIPPING);
        }
        return breaks(rules.latestInLineFirst() && !from.latestInLine(), PolicyRules.LATEST_IN_LINE_FIRST);
    }

    private static Optional<String> breaks(boolean broken, String rule) {
        return broken ? Optional.of(rule) : Optional.empty();
    }

    private boolean allows(Slot from, Slot to) {
        return firstBrokenRule(from, to).isEmpty();
    }

    private List<Hop> shortestPath(Slot start, Slot target) {
        if (target.ordinal() < start.ordinal()) {
            return allows(start, target) ? List.of(hopBetween(start, target)) : List.of();
        }
        int[] hopsLeft = hopsLeftToTarget(start, target);
        if (hopsLeft[0] == UNREACHABLE) {
            return List.of();
        }
        List<Hop> path = new ArrayList<>();
        for (Slot current = start; !current.equals(target); ) {
            Slot next = furthestStepCloser(current, target, start, hopsLeft);
            path.add(hopBetween(current, next));
            current = next;
        }
        return List.copyOf(path);
    }

    /**
     * Breadth-first search backwards from the target over the versions between start and target: for each, the
     * fewest allowed hops to the target ({@code hopsLeft[ordinal - start.ordinal]}), or {@link #UNREACHABLE}.
     * Stops once the start is reached; every version nearer the target than the start is settled by then.
     */
    private int[] hopsLeftToTarget(Slot start, Slot target) {
        int first = start.ordinal();
        int[] hopsLeft = new int[target.ordinal() - first + 1];
        Arrays.fill(hopsLeft, UNREACHABLE);
        hopsLeft[target.ordinal() - first] = 0;
        Queue<Slot> frontier = new ArrayDeque<>(List.of(target));
        while (!frontier.isEmpty() && hopsLeft[0] == UNREACHABLE) {
            Slot reached = frontier.remove();
            for (int ordinal = reached.ordinal() - 1; ordinal >= first; ordinal--) {
                if (hopsLeft[ordinal - first] == UNREACHABLE && allows(slots[ordinal], reached)) {
                    hopsLeft[ordinal - first] = hopsLeft[reached.ordinal() - first] + 1;
                    frontier.add(slots[ordinal]);
                }
            }
        }
        return hopsLeft;
    }

    private Slot furthestStepCloser(Slot current, Slot target, Slot start, int[] hopsLeft) {
        int wanted = hopsLeft[current.ordinal() - start.ordinal()] - 1;
        for (int ordinal = target.ordinal(); ordinal > current.ordinal(); ordinal--) {
            if (hopsLeft[ordinal - start.ordinal()] == wanted && allows(current, slots[ordinal])) {
                return slots[ordinal];
            }
        }
        throw new IllegalStateException("no allowed hop from " + current.version() + " leads closer to "
                + target.version());
    }

    private String explain(String rule, Slot from, Slot to) {
        return switch (Rule.byId(rule).orElseThrow()) {
            case NO_DOWNGRADE -> explainDowngrade(from, to);
            case NO_LINE_SKIPPING -> explainLineSkipping(from, to);
            case LATEST_IN_LINE_FIRST -> explainNotLatest(from, to);
            case CONSECUTIVE_WITHIN_LINE -> explainNotConsecutive(from, to);
            default -> throw new IllegalStateException("no explanation for rule " + rule);
        };
    }

    private String explainDowngrade(Slot from, Slot to) {
        return hopText(from, to) + " is a downgrade (" + to.version() + " comes before " + from.version()
                + " in the release catalog), and rule " + PolicyRules.NO_DOWNGRADE
                + " forbids going to an older version except as a recorded rollback";
    }

    private String explainLineSkipping(Slot from, Slot to) {
        List<String> skipped = lineNames(from.line() + 1, to.line());
        return hopText(from, to) + " skips release line" + (skipped.size() == 1 ? " " : "s ")
                + String.join(", ", skipped) + ", but rule " + PolicyRules.NO_LINE_SKIPPING
                + " allows entering only the next release line (" + lineName(from.line() + 1) + ") from "
                + lineName(from.line());
    }

    private String explainNotLatest(Slot from, Slot to) {
        return hopText(from, to) + " enters release line " + lineName(to.line()) + " from " + from.version()
                + ", but only the latest version of " + lineName(from.line()) + " (" + latestOf(from.line())
                + ") may enter the next line (rule " + PolicyRules.LATEST_IN_LINE_FIRST + ")";
    }

    private String explainNotConsecutive(Slot from, Slot to) {
        Version next = slots[from.ordinal() + 1].version();
        int skippedCount = to.index() - from.index() - 1;
        String skipped = skippedCount == 1
                ? next.toString()
                : skippedCount + " versions (" + next + " to " + slots[to.ordinal() - 1].version() + ")";
        return hopText(from, to) + " skips " + skipped + " within release line " + lineName(from.line())
                + ", but rule " + PolicyRules.CONSECUTIVE_WITHIN_LINE + " allows only the next version (" + next
                + ")";
    }

    private String explainUnknown(List<Version> unknown) {
        String versions = unknown.stream().map(Version::toString).collect(Collectors.joining(" and "));
        return (unknown.size() == 1 ? "version " + versions + " is" : "versions " + versions + " are")
                + " not in the release catalog, whose release lines are "
                + String.join(", ", lineNames(0, catalog.lines().size()));
    }

    private String lineEnteredBy(Hop hop) {
        Slot to = slotsByVersion.get(hop.to());
        return to == null ? "a new release line" : "release line " + lineName(to.line());
    }

    private static String hopText(Slot from, Slot to) {
        return from.version() + " -> " + to.version();
    }

    private String lineName(int line) {
        return catalog.lines().get(line).name();
    }

    private List<String> lineNames(int fromLine, int toLineExclusive) {
        return catalog.lines().subList(fromLine, toLineExclusive).stream().map(ReleaseLine::name).toList();
    }

    private Version latestOf(int line) {
        List<Version> versions = catalog.lines().get(line).versions();
        return versions.get(versions.size() - 1);
    }

    private static Hop hopBetween(Slot from, Slot to) {
        return new Hop(from.version(), to.version(), from.line() != to.line());
    }

    private Slot slotOf(Version version) {
        return slotsByVersion.get(version);
    }

    private Slot requireKnown(Version version) {
        Objects.requireNonNull(version, "version must not be null");
        Slot slot = slotsByVersion.get(version);
        if (slot == null) {
            throw new IllegalArgumentException(explainUnknown(List.of(version)));
        }
        return slot;
    }

    private static void requireVersions(Version from, Version to) {
        Objects.requireNonNull(from, "the version to upgrade from must not be null");
        Objects.requireNonNull(to, "the version to upgrade to must not be null");
    }

    private static Slot[] slotsInCatalogOrder(ReleaseCatalog catalog) {
        List<Slot> slots = new ArrayList<>();
        for (int line = 0; line < catalog.lines().size(); line++) {
            List<Version> versions = catalog.lines().get(line).versions();
            for (int index = 0; index < versions.size(); index++) {
                slots.add(new Slot(slots.size(), versions.get(index), line, index, index == versions.size() - 1));
            }
        }
        return slots.toArray(Slot[]::new);
    }
}
