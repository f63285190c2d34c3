package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The maintenance windows of a fleet upgrade: per cluster, or per label. A cluster's own window comes first, else the
 * first label window whose label it carries; a cluster with neither may start at any time.
 */
public record MaintenanceWindows(Map<ClusterId, MaintenanceWindow> byCluster, List<LabelWindow> byLabel) {

    /** A window for the clusters carrying label {@code key=value}. */
    public record LabelWindow(String key, String value, MaintenanceWindow window) {
    }

    public static final MaintenanceWindows NONE = new MaintenanceWindows(Map.of(), List.of());

    public MaintenanceWindows {
        byCluster = byCluster == null ? Map.of() : Map.copyOf(byCluster);
        byLabel = byLabel == null ? List.of() : List.copyOf(byLabel);
    }

    public Optional<MaintenanceWindow> windowOf(ClusterId cluster, Map<String, String> labels) {
        MaintenanceWindow own = byCluster.get(cluster);
        if (own != null) {
            return Optional.of(own);
        }
        return byLabel.stream().filter(label -> label.value().equals(labels.get(label.key())))
                .map(LabelWindow::window).findFirst();
    }
}
