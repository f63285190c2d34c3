package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.InvalidValueException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How many of a plan's stages an answer to an upgrade request shows (REST, dry run or accepted, and the answer to a
 * {@code RequestUpgrade} over Kafka): {@code ledger.upgrades.answer-stage-limit} (1,000) unless the request asks for
 * another count ({@code stageLimit}, 0 to {@value #MAX_STAGE_LIMIT}). Each hop always carries its whole plan's stage
 * and step counts, and the decision says whether its plan is complete; the whole plan of an accepted upgrade is paged
 * by the projection. A 10,000-peer {@code REJOIN} (40,004 one-step stages) is thus answered with its first 1,000
 * stages (335 KiB measured) instead of 8 MB; a plan of at most 1,000 stages is answered whole.
 */
@Component
public class DecisionAnswers {

    /** More stages than any plan within the documented limits has (a 10,000-peer REJOIN: 40,004). */
    public static final int MAX_STAGE_LIMIT = 100_000;

    private final int defaultLimit;

    DecisionAnswers(@Value("${ledger.upgrades.answer-stage-limit:1000}") int defaultLimit) {
        if (defaultLimit < 0 || defaultLimit > MAX_STAGE_LIMIT) {
            throw new IllegalArgumentException("ledger.upgrades.answer-stage-limit must be 0 to " + MAX_STAGE_LIMIT
                    + ", was " + defaultLimit);
        }
        this.defaultLimit = defaultLimit;
    }

    /** The stage limit a request asks for (null: the setting), checked: 400 {@code invalid-request} when outside. */
    public int stageLimit(Integer requested) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 0 || requested > MAX_STAGE_LIMIT) {
            throw new InvalidValueException("stageLimit must be 0 to " + MAX_STAGE_LIMIT + ", was " + requested);
        }
        return requested;
    }

    /** {@code decision} as answered with the setting's stage limit. */
    public UpgradeDecision shown(UpgradeDecision decision) {
        return decision.shown(defaultLimit);
    }
}
