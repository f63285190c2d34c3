package dev.upgradeledger.events;

/** The Kafka topic catalog. Names are part of the contract. */
public final class LedgerTopics {

    /** Commands into the ledger. */
    public static final String COMMANDS = "ledger.commands";
    /** The outcome of each command from {@link #COMMANDS}, keyed by command id. */
    public static final String COMMAND_RESULTS = "ledger.command-results";
    /** Every stored event as an {@link EventEnvelope}, keyed by cluster id. */
    public static final String EVENTS = "ledger.events";

    private LedgerTopics() {
    }

    /** Where a consumer group parks the records of {@code topic} it cannot process, e.g. {@code ledger.events.projection.dlt}. */
    public static String deadLetter(String topic, String consumerGroup) {
        return topic + "." + consumerGroup + ".dlt";
    }
}
