package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.support.web.ProblemException;
import org.springframework.http.HttpStatus;

/** No upgrade with that id (on that cluster) is known to the projection. */
public class UpgradeNotFoundException extends ProblemException {

    public static final String TYPE = "upgrade-not-found";

    public UpgradeNotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, TYPE, "Upgrade not found", detail);
    }
}
