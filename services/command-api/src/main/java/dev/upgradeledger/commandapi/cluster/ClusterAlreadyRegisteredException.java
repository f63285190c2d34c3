package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.support.web.ProblemException;
import org.springframework.http.HttpStatus;

public class ClusterAlreadyRegisteredException extends ProblemException {

    public static final String TYPE = "cluster-already-registered";

    public ClusterAlreadyRegisteredException(ClusterId clusterId) {
        super(HttpStatus.CONFLICT, TYPE, "Cluster already registered",
                "A cluster with id " + clusterId + " is already registered");
    }
}
