package dev.upgradeledger.support.kafka;

/**
 * A record that can never be processed, whatever the retries: unreadable, or of a type this consumer does not know.
 * It goes straight to the dead-letter topic.
 */
public class UnprocessableRecordException extends RuntimeException {

    public UnprocessableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
