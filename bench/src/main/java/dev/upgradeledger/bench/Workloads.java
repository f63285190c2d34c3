package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
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

    static final Set<String> UPGRADE_ENDS = Set.of("COMPLETED", "PAUSED", "FAILED", "ABORTED", "ROLLED_BACK");
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

    /**
     * One upgrade: the status it ended in, the time from its request to that status, its cluster's history length and
     * its plan's shape.
     */
    record Upgrade(String clusterId, String status, long nanos, long events, PlanShape plan) {
    }

    /** Registers the README's 6-node cluster, waits until the projection has it, then runs its rolling upgrade. */
    Upgrade rollingUpgrade(String kind) throws IOException, InterruptedException {
        return rollingUpgrade(kind, "33%", UPGRADE_TIMEOUT_NANOS);
    }

    /** The same with another {@code maxUnavailable}; ends with TIMED_OUT after {@code timeoutNanos}. */
    Upgrade rollingUpgrade(String kind, String maxUnavailable, long timeoutNanos)
            throws IOException, InterruptedException {
        String id = registeredCamunda(kind, kind);
        awaitProjected(List.of(id), kind);
        long begin = System.nanoTime();
        LedgerApi.Answer answer = LedgerApi.ok(api.requestRollingUpgrade(id, "u-76", maxUnavailable,
                Duration.ofSeconds(30)));
        PlanShape plan = PlanShape.of(answer.json());
        long deadline = begin + timeoutNanos;
        while (true) {
            String status = api.upgradeStatus(id).orElse("");
            if (UPGRADE_ENDS.contains(status)) {
                long took = System.nanoTime() - begin;
                return new Upgrade(id, status, took, lastSequence(id) + 1, plan);
            }
            if (System.nanoTime() > deadline) {
                return new Upgrade(id, "TIMED_OUT(" + status + ")", System.nanoTime() - begin, lastSequence(id) + 1,
                        plan);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Upgrades requested at once: when the last request was answered, when the last upgrade ended, each upgrade,
     * each request's latency, the requests that failed, the plan's shape (of the first answer), and the events the
     * wave's clusters held before their upgrades (from the event store, -1 when unknown).
     */
    record ParallelUpgrades(long wallNanos, long requestsNanos, List<Upgrade> upgrades,
                            Map<String, Integer> requestFailures, List<Long> requestLatencies, PlanShape plan,
                            List<String> clusterIds, String product) {
    }

    /**
     * Registers {@code clusters} 6-node Camunda clusters of {@code product} (ids of {@code kind}) by {@code clients}
     * threads and waits until the projection has them all; fails naming a refused registration.
     */
    List<String> registerProjected(int clusters, String kind, String product, int clients)
            throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            ids.add(nextClusterId(kind));
        }
        Map<String, String> failures = new ConcurrentHashMap<>();
        runPooled("bench-register-", ids, Math.min(clients, clusters), id -> {
            try {
                LedgerApi.Answer answer = api.registerCamunda(id, product);
                if (answer.status() != 201) {
                    failures.put(id, "HTTP " + answer.status());
                }
            } catch (IOException e) {
                failures.put(id, e.toString());
            }
        });
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " registrations failed, e.g. "
                    + failures.entrySet().iterator().next());
        }
        awaitProjected(ids, product);
        return ids;
    }

    ParallelUpgrades parallelRollingUpgrades(int clusters, String kind) throws IOException, InterruptedException {
        return parallelRollingUpgrades(clusters, kind, "33%", clusters, UPGRADE_TIMEOUT_NANOS, 100, null);
    }

    /**
     * Registers {@code clusters} 6-node clusters (by {@code clients} threads), waits until the projection has them
     * all, then requests their rolling upgrades with {@code clients} threads and sees each end by listing the
     * clusters every {@code pollMillis}. {@code beforeRequests} runs between the two (e.g. to count events).
     */
    ParallelUpgrades parallelRollingUpgrades(int clusters, String kind, String maxUnavailable, int clients,
                                             long timeoutNanos, long pollMillis, Runnable beforeRequests)
            throws IOException, InterruptedException {
        String product = kind + "-" + run;
        List<String> ids = registerProjected(clusters, kind, product, clients);
        if (beforeRequests != null) {
            beforeRequests.run();
        }
        Map<String, Long> requested = new ConcurrentHashMap<>();
        Map<String, Integer> requestFailures = new ConcurrentHashMap<>();
        List<Long> requestLatencies = Collections.synchronizedList(new ArrayList<>());
        PlanShape[] plan = {PlanShape.UNKNOWN};
        long begin = System.nanoTime();
        runPooled("bench-upgrade-", ids, Math.min(clients, clusters), id -> {
            long sent = System.nanoTime();
            requested.put(id, sent);
            try {
                LedgerApi.Answer answer = api.requestRollingUpgrade(id, "u-76", maxUnavailable,
                        Duration.ofSeconds(60));
                requestLatencies.add(System.nanoTime() - sent);
                if (answer.status() != 201) {
                    requested.remove(id);
                    requestFailures.merge("HTTP " + answer.status(), 1, Integer::sum);
                } else if (!plan[0].known()) {
                    synchronized (plan) {
                        if (!plan[0].known()) {
                            plan[0] = PlanShape.of(answer.json());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                requested.remove(id);
                requestFailures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
            }
        });
        long requestsDone = System.nanoTime() - begin;
        Map<String, Upgrade> ended = new HashMap<>();
        long deadline = begin + timeoutNanos;
        while (ended.size() < requested.size() && System.nanoTime() < deadline) {
            Thread.sleep(pollMillis);
            long now = System.nanoTime();
            for (JsonNode cluster : api.projectedClusters(product)) {
                String id = cluster.path("clusterId").asString();
                String status = cluster.at("/upgrade/status").asString("");
                if (requested.containsKey(id) && !ended.containsKey(id) && UPGRADE_ENDS.contains(status)) {
                    ended.put(id, new Upgrade(id, status, now - requested.get(id),
                            cluster.path("lastSequence").asLong() + 1, plan[0]));
                }
            }
        }
        long wall = System.nanoTime() - begin;
        List<Upgrade> upgrades = new ArrayList<>(ended.values());
        for (String id : ids) {
            if (!ended.containsKey(id)) {
                upgrades.add(new Upgrade(id, requested.containsKey(id) ? "TIMED_OUT" : "NOT_REQUESTED", wall, 0,
                        plan[0]));
            }
        }
        return new ParallelUpgrades(wall, requestsDone, upgrades, requestFailures, requestLatencies, plan[0], ids,
                product);
    }

    /** A piece of work per item, done by {@code threads} threads taking the next item when done with one. */
    @FunctionalInterface
    interface Item {
        void run(String item) throws InterruptedException;
    }

    static void runPooled(String threadPrefix, List<String> items, int threads, Item work)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Call> calls = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            calls.add(() -> {
                for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                    work.run(items.get(i));
                }
            });
        }
        runTogether(threadPrefix, calls);
    }

    private String registeredCamunda(String kind, String product) throws IOException, InterruptedException {
        String id = nextClusterId(kind);
        LedgerApi.ok(api.registerCamunda(id, product));
        return id;
    }

    void awaitProjected(List<String> ids, String what) throws IOException, InterruptedException {
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
