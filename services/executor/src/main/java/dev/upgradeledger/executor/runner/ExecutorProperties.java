package dev.upgradeledger.executor.runner;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultDriver     the driver of a cluster not listed in {@code clusterDrivers}; empty for none (such a
 *                          cluster's steps fail, saying why)
 * @param clusterDrivers    cluster id to driver name ({@code simulated}, {@code http}, {@code script})
 * @param actionTimeout     the longest any action may take; a step's own timeout, when shorter, wins
 * @param reportTimeout     how long sending an outcome to ledger.commands may take before it is tried again
 * @param maxInFlight       how many steps this instance performs at once
 * @param queueCapacity     how many accepted steps may wait here for a free slot; when the queue is full the Kafka
 *                          listener pauses (it resumes at half), and steps beyond it wait in the database for the
 *                          sweeper of any instance
 * @param lease             how long a step claimed by an instance stays its own without a heartbeat; a crashed
 *                          instance's steps are taken over by another (or the restarted) instance after this
 * @param heartbeatInterval how often an instance renews the leases of the steps it holds (well below {@code lease})
 * @param sweepInterval     how often an instance looks for steps nobody holds (expired lease, or never handed to a
 *                          worker for want of room), and marks {@code REPORTED} the steps it reported since
 * @param shutdownGrace     how long a stopping instance lets its running actions finish; the rest are left to lease
 *                          expiry
 * @param instanceId        this instance's name in {@code step_execution.claimed_by}; empty: host name and a random
 *                          suffix, new at every start (two live instances must never share one)
 * @param bookkeepingConcurrency how many of the steps in flight may do their own work at once (claim, store the
 *                          outcome, report it: database, JSON, Kafka), as opposed to waiting for their action; 0: four
 *                          per core. Keeps this instance's runnable threads near the core count whatever
 *                          {@code maxInFlight} is, so that hundreds of steps in flight do not crowd out the other
 *                          services' threads on a shared machine
 */
@ConfigurationProperties("ledger.executor")
public record ExecutorProperties(@DefaultValue("") String defaultDriver,
                                 @DefaultValue Map<String, String> clusterDrivers,
                                 @DefaultValue("10m") Duration actionTimeout,
                                 @DefaultValue("30s") Duration reportTimeout,
                                 @DefaultValue("256") int maxInFlight,
                                 @DefaultValue("256") int queueCapacity,
                                 @DefaultValue("30s") Duration lease,
                                 @DefaultValue("10s") Duration heartbeatInterval,
                                 @DefaultValue("1s") Duration sweepInterval,
                                 @DefaultValue("20s") Duration shutdownGrace,
                                 @DefaultValue("") String instanceId,
                                 @DefaultValue("0") int bookkeepingConcurrency) {

    public ExecutorProperties {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("ledger.executor.max-in-flight must be at least 1, was " + maxInFlight);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("ledger.executor.queue-capacity must be at least 1, was "
                    + queueCapacity);
        }
        if (bookkeepingConcurrency < 0) {
            throw new IllegalArgumentException("ledger.executor.bookkeeping-concurrency must be 0 (four per core) or"
                    + " more, was " + bookkeepingConcurrency);
        }
        if (heartbeatInterval.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("ledger.executor.heartbeat-interval (" + heartbeatInterval
                    + ") must be shorter than ledger.executor.lease (" + lease + ")");
        }
    }

    /** {@code bookkeepingConcurrency}, or four per core when it is 0. */
    public int bookkeepingPermits() {
        return bookkeepingConcurrency > 0 ? bookkeepingConcurrency
                : 4 * Runtime.getRuntime().availableProcessors();
    }

    public String driverOf(String clusterId) {
        return clusterDrivers.getOrDefault(clusterId, defaultDriver);
    }
}
