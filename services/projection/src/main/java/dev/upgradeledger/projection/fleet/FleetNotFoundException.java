package dev.upgradeledger.projection.fleet;

import dev.upgradeledger.support.web.ProblemException;
import org.springframework.http.HttpStatus;

/** 404 {@value #TYPE}: the projection has seen no fleet upgrade with this id. */
public class FleetNotFoundException extends ProblemException {

    public static final String TYPE = "fleet-not-found";

    public FleetNotFoundException(String fleetId) {
        super(HttpStatus.NOT_FOUND, TYPE, "Fleet upgrade not found",
                "No fleet upgrade " + fleetId + " is known to the projection");
    }
}
