package dev.upgradeledger.commandapi.cluster;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

/**
 * The entries behind {@link FreshClusterCache}: loaded clusters held strongly in a Caffeine cache bounded by weight,
 * a cluster weighing one plus its nodes plus the steps of its current plan (a 10,000-node rolling upgrade weighs about
 * 50,000, a 6-node one about 30); what leaves first is Caffeine's choice (rarely and least recently used).
 *
 * <p>Axon's default {@link org.axonframework.common.caching.WeakReferenceCache} was used before: its entries are
 * reachable only through weak references once a command is done, so every young collection emptied it, and a large
 * cluster was read back from its snapshot (hundreds of milliseconds for 10,000 nodes) several times a minute.
 *
 * <p>Entry listeners are not supported: Axon's caching repository registers none.
 */
final class BoundedClusterCache implements Cache {

    private static final VarHandle ROOT = rootHandle();

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    BoundedClusterCache(long capacity) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(capacity)
                .weigher((Object key, Object value) -> weight(value))
                .build();
    }

    /** What an entry this cache cannot look into weighs: as much as a cluster of a thousand nodes and steps. */
    static final int UNKNOWN_WEIGHT = 1_000;

    /** One plus the cluster's nodes and planned steps. */
    static int weight(Object value) {
        Object root = ROOT != null && value instanceof AggregateCacheEntry<?> entry ? ROOT.get(entry) : null;
        return root instanceof Cluster cluster ? 1 + cluster.cacheWeight() : UNKNOWN_WEIGHT;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            entries.invalidate(key);
        } else {
            entries.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, ignored -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the cluster cache has no entry listeners");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (ignored, value) -> update.apply((V) value));
    }

    /** Clusters held now (for tests and diagnostics). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static VarHandle rootHandle() {
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "aggregateRoot", Object.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // every entry weighs UNKNOWN_WEIGHT
        }
    }
}
