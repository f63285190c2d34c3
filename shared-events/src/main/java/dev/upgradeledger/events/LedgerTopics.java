package dev.upgradeledger.events;

/** The Kafka topic catalog. Names are part of the contract. */
public final class LedgerTopics {

    /**
     * Commands into the ledger. Each record carries its sender's OAuth2 access token in the header
     * {@value #AUTHORIZATION_HEADER} ({@code Bearer <jwt>}); the token's subject is the actor and its grants decide,
     * as over REST. {@code ReportStepOutcome} is not taken here (see {@link #STEP_OUTCOMES}).
     */
    public static final String COMMANDS = "ledger.commands";
    /**
     * {@code ReportStepOutcome} commands of the executor, in the envelope of {@link #COMMANDS}, keyed by cluster id and
     * answered on {@link #COMMAND_RESULTS}. Only the executor's Kafka principal may write this topic (an ACL); the
     * executor is the actor.
     */
    public static final String STEP_OUTCOMES = "ledger.step-outcomes";
    /** The record header of a command on {@link #COMMANDS} that carries the sender's bearer token. */
    public static final String AUTHORIZATION_HEADER = "Authorization";
    /** The outcome of each command from {@link #COMMANDS}, keyed by command id. */
    public static final String COMMAND_RESULTS = "ledger.command-results";
    /** Every stored event as an {@link EventEnvelope}, keyed by cluster id. */
    public static final String EVENTS = "ledger.events";
    /**
     * Every event of the fleet upgrades as a {@link FleetEventEnvelope}, keyed by fleet id (one fleet's events stay
     * in order). Fleet events are not per cluster, so they are not on {@link #EVENTS}.
     */
    public static final String FLEET_EVENTS = "ledger.fleet-events";

    private LedgerTopics() {
    }

    /** Where a consumer group parks the records of {@code topic} it cannot process, e.g. {@code ledger.events.projection.dlt}. */
    public static String deadLetter(String topic, String consumerGroup) {
        return topic + "." + consumerGroup + ".dlt";
    }
}
