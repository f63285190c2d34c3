package dev.upgradeledger.domain.policy;

import java.util.List;
import java.util.Objects;

/**
 * The policy's answer to "may the cluster go from this version to that one?": either the hops to carry out, or the
 * first rule the request breaks together with the shortest path the rules would allow instead.
 */
public sealed interface PathDecision permits PathDecision.Allowed, PathDecision.Refused {

    /** Whether the upgrade may go ahead. */
    boolean isAllowed();

    /**
     * The upgrade may go ahead, one hop after the other.
     *
     * @param hops a non-empty chain of hops, each starting where the previous one ended
     */
    record Allowed(List<Hop> hops) implements PathDecision {

        public Allowed {
            hops = chain(hops);
            if (hops.isEmpty()) {
                throw new IllegalArgumentException("an allowed upgrade needs at least one hop");
            }
        }

        @Override
        public boolean isAllowed() {
            return true;
        }
    }

    /**
     * The upgrade is refused.
     *
     * @param rule        id of the first rule the request breaks: one of the {@code PolicyRules} ids,
     *                    {@link VersionPolicy#UNKNOWN_VERSION} or {@link VersionPolicy#SAME_VERSION}
     * @param reason      one sentence for people, naming the versions and the rule
     * @param allowedPath the shortest chain of allowed hops to the requested version; empty when there is none
     */
    record Refused(String rule, String reason, List<Hop> allowedPath) implements PathDecision {

        public Refused {
            requireText(rule, "a refusal needs the id of the rule it enforces");
            requireText(reason, "a refusal needs a reason");
            allowedPath = chain(allowedPath);
        }

        @Override
        public boolean isAllowed() {
            return false;
        }

        /** The allowed path as people write it, e.g. {@code 23.09.9 -> 23.09.10 -> 24.03.0}; empty when none. */
        public String describeAllowedPath() {
            if (allowedPath.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder(allowedPath.get(0).from().toString());
            allowedPath.forEach(hop -> text.append(" -> ").append(hop.to()));
            return text.toString();
        }

        private static void requireText(String value, String message) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    private static List<Hop> chain(List<Hop> hops) {
        List<Hop> copy = List.copyOf(Objects.requireNonNull(hops, "hops must not be null"));
        for (int i = 1; i < copy.size(); i++) {
            if (!copy.get(i).from().equals(copy.get(i - 1).to())) {
                throw new IllegalArgumentException("hop " + copy.get(i) + " does not start where "
                        + copy.get(i - 1) + " ends");
            }
        }
        return copy;
    }
}
