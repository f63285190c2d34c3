package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.support.web.ProblemException;
import org.springframework.http.HttpStatus;

/** The cluster is known, but not at the point asked for: not yet registered then, or the sequence is not recorded. */
public class NotInHistoryException extends ProblemException {

    public static final String TYPE = "not-in-history";

    public NotInHistoryException(String detail) {
        super(HttpStatus.NOT_FOUND, TYPE, "Not in the cluster's history", detail);
    }
}
