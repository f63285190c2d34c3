package dev.upgradeledger.commandapi.publishing;

/** A command would store an event whose envelope is larger than can be published; nothing was stored. */
public class EventTooLargeException extends RuntimeException {

    private final String eventType;
    private final long size;
    private final long limit;

    public EventTooLargeException(String eventType, long size, long limit) {
        super("the command's " + eventType + " event would be " + size + " bytes, more than the " + limit
                + " bytes a ledger.events record may hold (ledger.kafka.max-record-size, or the topic's"
                + " max.message.bytes); nothing was stored" + wayOut(eventType));
        this.eventType = eventType;
        this.size = size;
        this.limit = limit;
    }

    /** Every registered node is in the one ClusterRegistered; the others can be added one event each. */
    private static String wayOut(String eventType) {
        return "ClusterRegistered".equals(eventType) ? ". Register the cluster with fewer nodes (or shorter ids and"
                + " addresses) and add the others one by one: POST /api/v1/clusters/{clusterId}/nodes, or AddNode over"
                + " Kafka" : "";
    }

    public String eventType() {
        return eventType;
    }

    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }
}
