package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.support.web.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** Upgrade ids are chosen per cluster, so one id can name upgrades of several clusters; the caller must pick one. */
public class UpgradeAmbiguousException extends ProblemException {

    public static final String TYPE = "upgrade-ambiguous";

    public UpgradeAmbiguousException(String upgradeId, List<String> clusterIds) {
        super(HttpStatus.CONFLICT, TYPE, "Upgrade id is ambiguous", "Upgrade " + upgradeId + " exists on clusters "
                + String.join(", ", clusterIds) + "; add ?clusterId= or ask /api/v1/clusters/{clusterId}/upgrades/"
                + upgradeId);
    }
}
