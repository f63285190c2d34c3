package dev.upgradeledger.commandapi.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache of loaded {@link Cluster} aggregates, so that a command does not rebuild its cluster from the last snapshot
 * and the events after it (for a 10,000-node cluster, deserializing the snapshot was nearly all of a command's time).
 *
 * <p>A cached cluster is used only while it is exactly as fresh as the event store: every read compares the cached
 * version with the stream's last sequence number in the event store (one indexed query) and drops the entry when they
 * differ. That covers the two ways a cache goes wrong here: another command-api replica appended to the cluster (the
 * cache is behind: a refusal decided on it could be wrong, since refusals store nothing and so meet no conflict), and
 * the transaction around a command rolled back after Axon's unit of work had put the cluster in the cache (the cache is
 * ahead). The entries are kept by a {@link BoundedClusterCache}, bounded by the clusters' sizes.
 *
 * <p>Axon keeps the version in a private field of {@link AggregateCacheEntry}; it is read through a var handle. Should
 * a later Axon version rename it, the cache is not used at all (a warning is logged once) rather than used unchecked.
 */
public class FreshClusterCache implements Cache {

    private static final Logger log = LoggerFactory.getLogger(FreshClusterCache.class);
    private static final VarHandle VERSION = versionHandle();

    private final Cache entries;
    private final Supplier<EventStore> eventStore;
    private final Counter hits;
    private final Counter misses;
    private final Counter stale;

    /** Over a {@link BoundedClusterCache} of {@code capacity} (nodes and planned steps of the clusters kept). */
    public FreshClusterCache(long capacity, Supplier<EventStore> eventStore, MeterRegistry meters) {
        this(new BoundedClusterCache(capacity), eventStore, meters);
    }

    FreshClusterCache(Cache entries, Supplier<EventStore> eventStore, MeterRegistry meters) {
        this.entries = entries;
        this.eventStore = eventStore;
        this.hits = meters.counter("ledger.cluster.cache", "result", "hit");
        this.misses = meters.counter("ledger.cluster.cache", "result", "miss");
        this.stale = meters.counter("ledger.cluster.cache", "result", "stale");
    }

    @Override
    public <K, V> V get(K key) {
        V entry = entries.get(key);
        if (entry == null) {
            misses.increment();
            return null;
        }
        Long cached = VERSION == null || !(entry instanceof AggregateCacheEntry<?>) ? null
                : (Long) VERSION.get(entry);
        if (cached == null
                || !cached.equals(eventStore.get().lastSequenceNumberFor(String.valueOf(key)).orElse(null))) {
            entries.remove(key);
            stale.increment();
            return null;
        }
        hits.increment();
        return entry;
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return entries.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void removeAll() {
        entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return entries.registerCacheEntryListener(cacheEntryListener);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, update);
    }

    /** Whether cached clusters can be checked for freshness (and so are used at all). */
    static boolean versionReadable() {
        return VERSION != null;
    }

    private static VarHandle versionHandle() {
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot read the version of Axon's cached aggregates ({}); clusters are loaded from the event store"
                    + " for every command", e.toString());
            return null;
        }
    }
}
