package dev.upgradeledger.support.security;

import java.util.Optional;

/**
 * The product of a registered cluster, so that a grant on {@code product/<name>} covers its clusters. A service
 * without one only honours cluster and global grants on a cluster's paths.
 */
@FunctionalInterface
public interface ClusterProducts {

    Optional<String> productOf(String clusterId);
}
