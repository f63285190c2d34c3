package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The REST-driven workloads: registrations at several concurrency levels, registration to projection, upgrades. */
final class Workloads {

    private static final Set<String> UPGRADE_ENDS = Set.of("COMPLETED", "PAUSED", "FAILED", "ABORTED", "ROLLED_BACK");
    private static final long UPGRADE_TIMEOUT_NANOS = 600_000_000_000L;

    private final LedgerApi api;
    private final String run;
    private final AtomicInteger ids = new AtomicInteger();

    /** @param run a short prefix that makes this run's cluster ids unique even in a reused data folder */
    Workloads(LedgerApi api, String run) {
        this.api = api;
        this.run = run;
    }

    String nextClusterId(String kind) {
        return kind + "-" + run + "-" + ids.incrementAndGet();
    }

    /** Result of one concurrency level: the wall time, each request's latency, and the answers that were not 201. */
    record Registrations(int clients, int count, long wallNanos, List<Long> latencies, Map<Integer, Integer> failures) {
        double perSecond() {
            return Stats.perSecond(latencies.size(), wallNanos);
        }
    }

    /** {@code count} registrations of 3-node clusters shared among {@code clients} threads, each one at a time. */
    Registrations registrations(int clients, int count, String kind) throws InterruptedException {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(count));
        Map<Integer, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger remaining = new AtomicInteger(count);
        List<Call> calls = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            calls.add(() -> {
                while (remaining.getAndDecrement() > 0) {
                    String id = nextClusterId(kind);
                    long begin = System.nanoTime();
                    int status;
                    try {
                        status = api.register(id, "bench", 3).status();
                    } catch (IOException e) {
                        failures.merge(-1, 1, Integer::sum);
                        return;
                    }
                    long took = System.nanoTime() - begin;
                    if (status == 201) {
                        latencies.add(took);
                    } else {
                        failures.merge(status, 1, Integer::sum);
                    }
                }
            });
        }
        long begin = runTogether("bench-client-", calls);
        return new Registrations(clients, count, System.nanoTime() - begin, latencies, failures);
    }

    /** Registration to projection: the POST's own latency, and from sending it to the projection answering 200. */
    record EndToEnd(List<Long> post, List<Long> visible, int failures) {
    }

    /** One registration at a time; the projection's API is polled every 2 ms until it knows the cluster. */
    EndToEnd registrationToProjection(int samples, String kind) throws IOException, InterruptedException {
        List<Long> post = new ArrayList<>();
        List<Long> visible = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < samples; i++) {
            String id = nextClusterId(kind);
            long begin = System.nanoTime();
            if (api.register(id, "bench-e2e", 3).status() != 201) {
                failures++;
                continue;
            }
            post.add(System.nanoTime() - begin);
            long deadline = begin + 60_000_000_000L;
            while (api.projectedCluster(id).status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster " + id + " not in the projection after 60 s");
                }
                Thread.sleep(2);
            }
            visible.add(System.nanoTime() - begin);
        }
        return new EndToEnd(post, visible, failures);
    }

    /** One upgrade: the status it ended in, the time from its request to that status, its cluster's history length. */
    record Upgrade(String clusterId, String status, long nanos, long events) {
    }

    /** Registers the README's 6-node cluster, waits until the projection has it, then runs its rolling upgrade. */
    Upgrade rollingUpgrade(String kind) throws IOException, InterruptedException {
        String id = registeredCamunda(kind, kind);
        awaitProjected(List.of(id), kind);
        long begin = System.nanoTime();
        LedgerApi.ok(api.requestRollingUpgrade(id, "u-76"));
        long deadline = begin + UPGRADE_TIMEOUT_NANOS;
        while (true) {
            String status = api.upgradeStatus(id).orElse("");
            if (UPGRADE_ENDS.contains(status)) {
                long took = System.nanoTime() - begin;
                return new Upgrade(id, status, took, lastSequence(id) + 1);
            }
            if (System.nanoTime() > deadline) {
                return new Upgrade(id, "TIMED_OUT(" + status + ")", System.nanoTime() - begin, lastSequence(id) + 1);
            }
            Thread.sleep(20);
        }
    }

    /** The upgrades of {@code clusters} clusters requested at once; the end of each seen by listing every 100 ms. */
    record ParallelUpgrades(long wallNanos, List<Upgrade> upgrades, Map<String, Integer> requestFailures) {
    }

    ParallelUpgrades parallelRollingUpgrades(int clusters, String kind) throws IOException, InterruptedException {
        String product = kind + "-" + run;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            ids.add(registeredCamunda(kind, product));
        }
        awaitProjected(ids, product);
        Map<String, Long> requested = new ConcurrentHashMap<>();
        Map<String, Integer> requestFailures = new ConcurrentHashMap<>();
        List<Call> calls = new ArrayList<>();
        for (String id : ids) {
            calls.add(() -> {
                requested.put(id, System.nanoTime());
                try {
                    int status = api.requestRollingUpgrade(id, "u-76").status();
                    if (status != 201) {
                        requested.remove(id);
                        requestFailures.merge("HTTP " + status, 1, Integer::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    requested.remove(id);
                    requestFailures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                }
            });
        }
        long begin = runTogether("bench-upgrade-", calls);
        Map<String, Upgrade> ended = new HashMap<>();
        long deadline = begin + UPGRADE_TIMEOUT_NANOS;
        while (ended.size() < requested.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = System.nanoTime();
            for (JsonNode cluster : api.projectedClusters(product)) {
                String id = cluster.path("clusterId").asString();
                String status = cluster.at("/upgrade/status").asString("");
                if (requested.containsKey(id) && !ended.containsKey(id) && UPGRADE_ENDS.contains(status)) {
                    ended.put(id, new Upgrade(id, status, now - requested.get(id),
                            cluster.path("lastSequence").asLong() + 1));
                }
            }
        }
        long wall = System.nanoTime() - begin;
        List<Upgrade> upgrades = new ArrayList<>(ended.values());
        for (String id : ids) {
            if (!ended.containsKey(id)) {
                upgrades.add(new Upgrade(id, requested.containsKey(id) ? "TIMED_OUT" : "NOT_REQUESTED", wall, 0));
            }
        }
        return new ParallelUpgrades(wall, upgrades, requestFailures);
    }

    private String registeredCamunda(String kind, String product) throws IOException, InterruptedException {
        String id = nextClusterId(kind);
        LedgerApi.ok(api.registerCamunda(id, product));
        return id;
    }

    private void awaitProjected(List<String> ids, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (String id : ids) {
            while (api.projectedCluster(id).status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " cluster " + id + " not in the projection after 120 s");
                }
                Thread.sleep(10);
            }
        }
    }

    private long lastSequence(String id) throws IOException, InterruptedException {
        return api.projectedCluster(id).json().at("/cluster/lastSequence").asLong();
    }

    /** A piece of load one thread sends; interrupted when the run is. */
    @FunctionalInterface
    interface Call {
        void run() throws InterruptedException;
    }

    /** Starts one thread per call, releases them all at once, waits for every one; answers when they were released. */
    private static long runTogether(String threadPrefix, List<Call> calls) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (Call call : calls) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    call.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, threadPrefix + threads.size());
            thread.start();
            threads.add(thread);
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return begin;
    }
}
