package dev.upgradeledger.projection;

import dev.upgradeledger.events.EventEnvelope;

/** A read model: told of every new event of a cluster once, in order, inside the transaction that records it. */
public interface ReadModel {

    void apply(EventEnvelope envelope);
}
