package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.support.web.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * The projection's history of the cluster does not hold every event up to the point asked for (it starts after the
 * registration, or has a gap), so the state cannot be rebuilt without guessing.
 */
public class HistoryIncompleteException extends ProblemException {

    public static final String TYPE = "history-incomplete";

    public HistoryIncompleteException(String detail) {
        super(HttpStatus.CONFLICT, TYPE, "History incomplete", detail);
    }
}
