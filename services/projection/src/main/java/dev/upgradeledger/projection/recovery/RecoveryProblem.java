package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.support.web.ProblemException;
import java.util.Set;
import org.springframework.http.HttpStatus;

/** Why a snapshot, recovery or rebuild was refused; answered as problem+json with a stable type. */
public class RecoveryProblem extends ProblemException {

    public static final String OPERATION_IN_PROGRESS = "operation-in-progress";
    public static final String REPLAY_SOURCE_INCOMPLETE = "replay-source-incomplete";
    public static final String NO_USABLE_SNAPSHOT = "no-usable-snapshot";
    public static final String REBUILD_NOT_FOUND = "rebuild-not-found";
    public static final String READ_MODELS_RECOVERING = "read-models-recovering";

    private RecoveryProblem(HttpStatus status, String type, String title, String detail) {
        super(status, type, title, detail);
    }

    static RecoveryProblem operationInProgress(String requested, String running) {
        return new RecoveryProblem(HttpStatus.CONFLICT, OPERATION_IN_PROGRESS, "Another operation is in progress",
                "Cannot start " + requested + " while " + running + " is in progress; retry when it has finished");
    }

    static RecoveryProblem replaySourceIncomplete(String what, Set<Integer> partitions) {
        return new RecoveryProblem(HttpStatus.CONFLICT, REPLAY_SOURCE_INCOMPLETE, "Kafka no longer holds the events",
                what + " needs records that are no longer in ledger.events (partitions " + partitions
                        + " start after them: retention or a deletion removed them). Replay from the event store"
                        + " instead: POST /admin/v1/rebuilds {\"mode\":\"FULL\",\"source\":\"EVENT_STORE\"} here,"
                        + " then POST /api/v1/admin/publisher/replay on command-api");
    }

    static RecoveryProblem noUsableSnapshot(String detail) {
        return new RecoveryProblem(HttpStatus.CONFLICT, NO_USABLE_SNAPSHOT, "No usable snapshot", detail
                + "; rebuild from the beginning instead (POST /admin/v1/rebuilds {\"mode\":\"FULL\"})");
    }

    /** A query while a recovery replaces the read models: retry in a moment. */
    public static RecoveryProblem recovering() {
        return new RecoveryProblem(HttpStatus.SERVICE_UNAVAILABLE, READ_MODELS_RECOVERING, "Read models recovering",
                "The read models are being recovered from a snapshot; retry in a moment");
    }

    static RecoveryProblem rebuildNotFound(String id) {
        return new RecoveryProblem(HttpStatus.NOT_FOUND, REBUILD_NOT_FOUND, "Rebuild not found",
                "No rebuild " + id + " since this projection instance started");
    }
}
