package dev.upgradeledger.commandapi.cluster;

import java.util.Map;

/**
 * The answer to {@code SetClusterLabels}, over REST and Kafka alike: the cluster's labels now, and whether the command
 * changed them (false: they were these already, and nothing was recorded).
 */
public record ClusterLabelsAnswer(String clusterId, Map<String, String> labels, boolean changed) {
}
