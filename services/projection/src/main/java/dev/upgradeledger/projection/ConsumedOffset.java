package dev.upgradeledger.projection;

/** A record of a Kafka topic partition that the read models include: everything up to and including {@code offset}. */
public record ConsumedOffset(String topic, int partition, long offset) {
}
