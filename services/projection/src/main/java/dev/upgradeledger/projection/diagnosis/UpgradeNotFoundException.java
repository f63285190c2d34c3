package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.support.web.ProblemException;
import org.springframework.http.HttpStatus;

/** No recorded event names the upgrade (in the cluster asked for). */
public class UpgradeNotFoundException extends ProblemException {

    public static final String TYPE = "upgrade-not-found";

    public UpgradeNotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, TYPE, "Upgrade not found", detail);
    }
}
