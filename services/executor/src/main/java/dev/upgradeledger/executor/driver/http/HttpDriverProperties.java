package dev.upgradeledger.executor.driver.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the {@code http} driver reaches node agents.
 *
 * @param scheme           {@code http} or {@code https}
 * @param connectTimeout   how long establishing a connection may take
 * @param requestTimeout   how long the agent may take to answer; the action's own timeout caps it
 * @param allowedAddresses the only addresses called: {@code host}, {@code host:port} or an IPv4 block such as
 *                         {@code 10.0.0.0/24}; empty allows nothing
 * @param clusterEndpoints per cluster id, the {@code host[:port]} of the agent acting for the whole cluster
 * @param tokenEnv         the environment variable holding the agents' bearer token, or null
 * @param tokenFile        the file holding the agents' bearer token, or null; at most one of the two
 */
@ConfigurationProperties("ledger.executor.drivers.http")
public record HttpDriverProperties(@DefaultValue("http") String scheme,
                                   @DefaultValue("2s") Duration connectTimeout,
                                   @DefaultValue("60s") Duration requestTimeout,
                                   List<String> allowedAddresses,
                                   Map<String, String> clusterEndpoints,
                                   String tokenEnv,
                                   String tokenFile) {

    public HttpDriverProperties {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be http or https, was " + scheme);
        }
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(requestTimeout, "request-timeout");
        allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
        clusterEndpoints = clusterEndpoints == null ? Map.of() : Map.copyOf(clusterEndpoints);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
