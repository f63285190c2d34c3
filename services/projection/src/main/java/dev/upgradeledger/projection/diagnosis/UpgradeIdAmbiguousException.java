package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.support.web.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** Upgrade ids are chosen by callers, so two clusters may have used the same one; the caller must name the cluster. */
public class UpgradeIdAmbiguousException extends ProblemException {

    public static final String TYPE = "upgrade-id-ambiguous";

    public UpgradeIdAmbiguousException(String upgradeId, List<String> clusterIds) {
        super(HttpStatus.CONFLICT, TYPE, "Upgrade id ambiguous", "upgrade " + upgradeId + " was run on clusters "
                + String.join(", ", clusterIds) + "; name one with ?clusterId=");
    }
}
