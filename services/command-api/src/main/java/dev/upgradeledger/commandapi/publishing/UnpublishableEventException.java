package dev.upgradeledger.commandapi.publishing;

/**
 * A stored event that cannot be sent to Kafka whatever is retried (too large for the record limit, or it cannot be
 * encoded). The publisher parks it in its dead-letter queue, with the cluster's later events behind it; see
 * {@link PublisherDeadLetters}.
 */
class UnpublishableEventException extends RuntimeException {

    UnpublishableEventException(String message) {
        super(message);
    }
}
