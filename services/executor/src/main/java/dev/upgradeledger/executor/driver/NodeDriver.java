package dev.upgradeledger.executor.driver;

/**
 * Acts on the nodes of one cluster. One implementation per kind of fleet (simulated, HTTP node agent, scripts),
 * chosen per cluster by {@link #name()}.
 *
 * <h2>Idempotency</h2>
 * Every call carries an {@link ActionRequest#idempotencyKey()} made of the step id and the attempt. The executor may
 * call a driver more than once with the same key (a redelivered event, a restart between acting and reporting); a
 * driver must then act at most once and answer the same result again. A new attempt of a step has a new key.
 *
 * <h2>Failures</h2>
 * A driver does not throw for a failed action: it answers {@link ActionResult.Failed} with a code, a message and
 * whether a retry may succeed. Secrets are resolved by the driver from its configuration (environment, files); they
 * never appear in requests, results or logs.
 */
public interface NodeDriver {

    /** The name clusters use to select this driver, e.g. {@code simulated}. */
    String name();

    /** Performs one action on one node (or, for cluster-wide actions, on the cluster) and reports the result. */
    ActionResult perform(ActionRequest request);
}
