package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.support.web.ProblemException;
import org.springframework.http.HttpStatus;

public class ClusterNotFoundException extends ProblemException {

    public static final String TYPE = "cluster-not-found";

    public ClusterNotFoundException(ClusterId clusterId) {
        super(HttpStatus.NOT_FOUND, TYPE, "Cluster not found", "No cluster " + clusterId + " is known to the projection");
    }
}
