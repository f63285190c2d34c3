package dev.upgradeledger.commandapi.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;

/** How far one step of the active upgrade has come. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class StepRun {

    enum Status { RUNNING, WAITING_RETRY, SUCCEEDED, FAILED }

    int attempt;
    Status status;
    Instant deadline;
    /** The time-out scheduled for this attempt (see StepStarted#deadlineId); null for events stored before. */
    String deadlineId;

    StepRun() {
    }

    StepRun(int attempt, Instant deadline) {
        this.attempt = attempt;
        this.status = Status.RUNNING;
        this.deadline = deadline;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepRun that && java.util.Objects.equals(attempt, that.attempt)
                && java.util.Objects.equals(status, that.status)
                && java.util.Objects.equals(deadline, that.deadline);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(attempt, status, deadline);
    }
}
