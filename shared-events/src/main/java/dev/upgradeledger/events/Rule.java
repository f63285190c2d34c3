package dev.upgradeledger.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one catalog of rule ids: every rule the ledger enforces, with the guide it comes from and the sentence of the
 * guide (or of the ledger's own design) it enforces. A refusal, a rejection, a typed pause or failure cause names its
 * rule by {@link #id()}; the id is also the slug of the refusal's problem type. Ids are stable: never renamed or
 * reused, so that recorded events keep their meaning. No rule id is spelled anywhere else in the main code.
 */
public enum Rule {

    // ---- version rules of a product (switchable in PolicyRules) -------------------------------------------------
    NO_LINE_SKIPPING("no-line-skipping", "Camunda, Inmanta",
            "a hop enters at most the next release line (Camunda 7.4 -> 7.6, Inmanta X -> X+2 are refused)"),
    LATEST_IN_LINE_FIRST("latest-in-line-first", "Backend.AI",
            "only the latest version of a line may enter the next line (23.09.9 -> 24.03.0 is refused)"),
    CONSECUTIVE_WITHIN_LINE("consecutive-within-line", "Camunda", "within a line, go one version at a time"),
    NO_DOWNGRADE("no-downgrade", "all guides", "never to an older version, except as a recorded rollback"),
    NO_ROLLING_ACROSS_LINES("no-rolling-across-lines", "Backend.AI", "a major upgrade is never rolling"),
    UNKNOWN_VERSION("unknown-version", "ledger", "a version the product's catalog does not list is refused"),
    SAME_VERSION("same-version", "ledger", "upgrading a version to itself is not an upgrade"),
    VERSION_NOT_IN_CATALOG("version-not-in-catalog", "ledger", "a catalog must list the cluster's version"),

    // ---- one version across the cluster -------------------------------------------------------------------------
    SINGLE_VERSION("single-version", "IPFS Cluster, Backend.AI",
            "all the cluster peers need to run the same cluster version (X.X.X, including the patch number);"
                    + " retain a single version installed across every parts"),

    // ---- components and workloads -------------------------------------------------------------------------------
    COMPONENT_ORDER("component-order", "Backend.AI",
            "upgrade the manager first (alembic upgrade head; for a major also apply-mission-revisions <previous"
                    + " version>), then the other components, each stop -> install -> restart"),
    UNKNOWN_ROLE("unknown-role", "ledger", "a node's role is one of the roles its product's profile declares"),
    PROFILE_VERSION_CONFLICT("profile-version-conflict", "ledger",
            "a product's profile is changed from the version its editor read: two editors never overwrite each other"
                    + " unseen"),
    MAJOR_HALTS_WORKLOADS("major-halts-workloads", "Backend.AI",
            "shut mission-critical workloads down before a major upgrade, whatever the strategy"),

    // ---- finalize gate ------------------------------------------------------------------------------------------
    FINALIZE_BEFORE_NEXT_UPGRADE("finalize-before-next-upgrade", "Camunda",
            "during the whole process of the rolling upgrade it is not permitted to use new features: a next upgrade"
                    + " starts only once the last one is finalized or abandoned"),
    FINALIZE_NEEDS_EVERY_NODE_ON_TARGET("finalize-needs-every-node-on-target", "Camunda",
            "new features may be used only when every node runs the new version"),
    NOTHING_TO_FINALIZE("nothing-to-finalize", "ledger", "only a completed upgrade waits to be finalized"),
    NOTHING_TO_ABANDON("nothing-to-abandon", "ledger", "only a completed or failed upgrade can be abandoned"),

    // ---- schema and state ---------------------------------------------------------------------------------------
    NODE_NOT_NEWER_THAN_SCHEMA("node-not-newer-than-schema", "Camunda",
            "an engine must never run on a schema older than itself: migrate the schema first"),
    ROLLING_REQUIRES_ADDITIVE_SCHEMA("rolling-requires-additive-schema", "Camunda",
            "old nodes must keep working on the new schema: a rolling upgrade needs an additive schema change"),
    ROLLING_FORBIDS_STATE_FORMAT_CHANGE("rolling-forbids-state-format-change", "IPFS Cluster",
            "a state upgrade needs the peer offline"),
    EXPORT_BEFORE_STATE_CHANGE("export-before-state-change", "IPFS Cluster",
            "export the state before its format changes"),

    // ---- running a plan -----------------------------------------------------------------------------------------
    NOTHING_TO_UPGRADE("nothing-to-upgrade", "ledger",
            "every node already runs the target version and neither the schema nor the state format changes"),
    MAX_UNAVAILABLE("max-unavailable", "Camunda", "never more nodes out of service than the rolling upgrade allows"),
    NODES_BACK_IN_SERVICE("nodes-back-in-service", "ledger",
            "every isolated node is reintegrated (or quarantined) before the upgrade completes"),
    NEXT_HOP_PLANNABLE("next-hop-plannable", "ledger", "each hop of a followed path is planned when it starts"),
    FAILURE_BUDGET("failure-budget", "ledger",
            "with QUARANTINE, at most maxFailedPercent of the nodes may be set aside; beyond it the upgrade fails"),

    // ---- migrations ---------------------------------------------------------------------------------------------
    MIGRATION_NEEDS_TARGET_CLUSTER("migration-needs-target-cluster", "Inmanta, Replicante",
            "a migration needs a target cluster with its nodes"),
    MIGRATION_TARGET_IS_SOURCE("migration-target-is-source", "Inmanta", "a migration needs a second cluster"),
    MIGRATION_TARGET_NOT_ON_TARGET_VERSION("migration-target-not-on-target-version", "Inmanta",
            "install the new version on the new cluster first"),
    MIGRATION_TARGET_NOT_REGISTERED("migration-target-not-registered", "Inmanta",
            "register the target cluster on the new version first"),
    MIGRATION_TARGET_RETIRED("migration-target-retired", "ledger", "a retired cluster takes nothing"),
    MIGRATION_IS_ONE_HOP("migration-is-one-hop", "Inmanta", "a migration moves one major at a time"),
    NO_EXPORT_RECORDED("no-export-recorded", "IPFS Cluster",
            "a full disaster recovery starts from a state export taken before upgrading (ipfs-cluster-service state"
                    + " export)"),
    RESTORE_IS_ONE_HOP("restore-is-one-hop", "IPFS Cluster",
            "the restored peer is upgraded once, from the version the export was taken on to the target"),
    IMPORT_ON_EXPORT_VERSION("import-on-export-version", "IPFS Cluster",
            "import the state on a peer running the same version as the peer from which it was exported"),
    TWO_MANAGERS("two-managers", "Replicante", "two managers must never drive the same cluster"),

    // ---- the cluster's state ------------------------------------------------------------------------------------
    CLUSTER_RETIRED("cluster-retired", "ledger", "a retired cluster takes no more commands"),
    UPGRADE_IN_PROGRESS("upgrade-in-progress", "ledger", "one active upgrade per cluster"),
    UPGRADE_NOT_ACTIVE("upgrade-not-active", "ledger", "only the active upgrade can be operated"),
    UPGRADE_PAUSED("upgrade-paused", "ledger", "a paused upgrade cannot be paused again"),
    UPGRADE_NOT_PAUSED("upgrade-not-paused", "ledger", "only a paused upgrade can be resumed"),
    ROLLBACK_IN_PROGRESS("rollback-in-progress", "ledger", "an upgrade rolls back once"),
    ROLLBACK_AFTER_DESTRUCTIVE_SCHEMA("rollback-after-destructive-schema", "Camunda",
            "the old version cannot run on a destructively changed schema"),
    ROLLBACK_NOT_SUPPORTED("rollback-not-supported", "IPFS Cluster, Inmanta",
            "REJOIN and MIGRATION upgrades cannot be rolled back"),
    NOTHING_TO_ROLL_BACK("nothing-to-roll-back", "ledger", "a rollback needs an upgraded or isolated node"),
    NODE_EXISTS("node-exists", "ledger", "node ids are unique within a cluster"),
    NODE_LIMIT("node-limit", "ledger", "a cluster has at most 10,000 nodes"),
    NODE_NOT_FOUND("node-not-found", "ledger", "a command names a node of the cluster"),
    LAST_NODE("last-node", "ledger", "the last node of a cluster cannot be removed; retire it instead"),
    MANAGED_BY_OTHER("managed-by-other", "Replicante", "a cluster is managed by one manager at a time"),
    NOT_THE_MANAGER("not-the-manager", "Replicante", "only the current manager hands management over"),

    // ---- approvals and soak ----------------------------------------------------------------------------------------
    APPROVAL_NOT_PENDING("approval-not-pending", "Backend.AI, Replicante",
            "only the APPROVAL step the upgrade waits for can be approved or rejected (read the notes first)"),
    APPROVAL_BEFORE_UNKNOWN_BATCH("approval-before-unknown-batch", "ledger",
            "an approval is asked before a batch the plan has"),

    // ---- discovery groups (Replicante live move) ------------------------------------------------------------------
    GROUP_MANAGED_ELSEWHERE("group-managed-elsewhere", "Replicante",
            "more than one Replicante cluster must not be managing the same datastore"),
    NOT_THE_GROUP_MANAGER("not-the-group-manager", "Replicante",
            "only the cluster that manages a discovery group releases it"),
    UNKNOWN_GROUP("unknown-group", "ledger", "a discovery group is one of the cluster's node groups"),
    // ---- fleet upgrades -----------------------------------------------------------------------------------------
    FLEET_EXISTS("fleet-exists", "ledger", "a fleet upgrade id is used once"),
    FLEET_EMPTY("fleet-empty", "ledger", "a fleet upgrade takes at least one cluster"),
    FLEET_NOT_HALTED("fleet-not-halted", "ledger", "only a halted fleet upgrade is resumed"),
    FLEET_ENDED("fleet-ended", "ledger", "a completed or aborted fleet upgrade starts nothing more"),
    FLEET_NOT_FOUND("fleet-not-found", "ledger", "a command names a fleet upgrade that was started"),
    FLEET_WAVE_NOT_AWAITING_APPROVAL("fleet-wave-not-awaiting-approval", "ledger",
            "a wave is approved while the fleet waits for its approval"),
    FLEET_WAVE_ALREADY_APPROVED("fleet-wave-already-approved", "ledger", "a wave is approved once");

    private static final Map<String, Rule> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

    private final String id;
    private final String guide;
    private final String sentence;

    Rule(String id, String guide, String sentence) {
        this.id = id;
        this.guide = guide;
        this.sentence = sentence;
    }

    /** The stable id: what refusals, rejections and recorded causes carry, and the problem type's slug. */
    public String id() {
        return id;
    }

    /** The guide (or guides) the rule comes from; {@code ledger} for the ledger's own consistency rules. */
    public String guide() {
        return guide;
    }

    /** The guide's sentence the rule enforces. */
    public String sentence() {
        return sentence;
    }

    public static Optional<Rule> byId(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    @Override
    public String toString() {
        return id;
    }
}
