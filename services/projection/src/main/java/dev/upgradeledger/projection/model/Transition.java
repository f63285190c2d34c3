package dev.upgradeledger.projection.model;

import dev.upgradeledger.events.StepStarted;

/**
 * What an event did besides changing the cluster's rows: the steps it started, ended or settled.
 *
 * @param subject      the upgrade, step and node the event is about; {@code subject.fact()} is the step it settles
 * @param started      the attempt of a step it started, null if none
 * @param attemptEnded the step whose running attempt it ended (a fact, a failure, a time-out, a quarantine), else null
 * @param stepsCleared whether no step of the cluster runs any more (a new hop was planned, the upgrade ended)
 */
public record Transition(Subject subject, StepStarted started, String attemptEnded, boolean stepsCleared) {
}
