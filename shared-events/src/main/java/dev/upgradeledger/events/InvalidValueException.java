package dev.upgradeledger.events;

/** A value of the contract was constructed from input that breaks its rules; the message says which rule. */
public class InvalidValueException extends IllegalArgumentException {

    public InvalidValueException(String message) {
        super(message);
    }
}
