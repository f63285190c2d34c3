package dev.upgradeledger.projection;

import dev.upgradeledger.events.EventEnvelope;

/**
 * A read model: told of every new event of a cluster once, in order, inside the transaction that records it. Its
 * tables live in the projection's schema, each with a primary key, and every column is derived from the events only,
 * so a rebuild yields identical rows (see the recovery package). A read model that announces anything to the rest of
 * the application does so only when {@link ReadModelTarget#isLive()}.
 */
public interface ReadModel {

    void apply(EventEnvelope envelope);
}
