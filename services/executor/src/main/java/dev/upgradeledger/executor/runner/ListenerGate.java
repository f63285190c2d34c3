package dev.upgradeledger.executor.runner;

/** Pauses and resumes the intake of new steps (the Kafka listener): the workers' back-pressure. */
public interface ListenerGate {

    void pause();

    void resume();

    /** Whether a pause is requested (the consumer stops fetching at its next poll). */
    boolean paused();
}
