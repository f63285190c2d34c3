package dev.upgradeledger.commandapi.publishing;

/** A batch of events was not acknowledged by Kafka; the publisher's token stays where it was. */
class PublishingFailedException extends RuntimeException {

    PublishingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
