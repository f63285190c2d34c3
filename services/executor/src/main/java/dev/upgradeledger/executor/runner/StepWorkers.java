package dev.upgradeledger.executor.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's workers: at most {@code max-in-flight} steps performed at once, off the Kafka listener threads,
 * in any order and for any cluster. Accepted steps wait in a bounded queue for a free slot; when it is full the
 * listener is paused (resumed when the queue is down to half), and a step that finds no room is released to the
 * database, where the sweeper of any instance claims it later. A heartbeat renews the leases of every step held here
 * (queued or running); the sweeper claims open steps nobody holds (lease expired: their instance died; or released).
 *
 * <p>Stopping (after the listener containers stopped): queued steps are released at once, running actions get
 * {@code shutdown-grace} to finish, then they are interrupted and their steps left to lease expiry; the
 * {@code REPORTED} marks noted since the last sweep are written last (see {@link StepExecutions#reported}: the sweeper
 * writes them in its own transaction).
 */
@Component
public class StepWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StepWorkers.class);

    private final StepRunner runner;
    private final StepExecutions executions;
    private final ExecutorProperties properties;
    private final ListenerGate gate;
    private final String instanceId;
    private final Semaphore slots;
    private final BlockingQueue<String> queue;
    /** Steps held by this instance, queued or running: the heartbeat renews their leases. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Object pressureLock = new Object();
    private final Counter pauses;
    private final Counter resumes;
    private final MeterRegistry meters;
    private volatile ExecutorService workers;
    private volatile ScheduledExecutorService timers;
    private volatile boolean running;

    StepWorkers(StepRunner runner, StepExecutions executions, ExecutorProperties properties, ListenerGate gate,
                MeterRegistry meters) {
        this.runner = runner;
        this.executions = executions;
        this.properties = properties;
        this.gate = gate;
        this.meters = meters;
        this.instanceId = properties.instanceId().isBlank() ? generatedId() : properties.instanceId();
        this.slots = new Semaphore(properties.maxInFlight());
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        Gauge.builder("ledger.executor.steps.in-flight", this, StepWorkers::inFlight)
                .description("steps this instance is performing or reporting").register(meters);
        Gauge.builder("ledger.executor.steps.queued", queue, BlockingQueue::size)
                .description("steps accepted here and waiting for a free slot").register(meters);
        Gauge.builder("ledger.executor.listener.paused", gate, g -> g.paused() ? 1 : 0)
                .description("1 while the Kafka listener is paused because the queue is full").register(meters);
        this.pauses = Counter.builder("ledger.executor.listener.pauses").register(meters);
        this.resumes = Counter.builder("ledger.executor.listener.resumes").register(meters);
    }

    /** This instance's name in {@code step_execution.claimed_by}. */
    public String instanceId() {
        return instanceId;
    }

    public int inFlight() {
        return properties.maxInFlight() - slots.availablePermits();
    }

    public int queued() {
        return queue.size();
    }

    /**
     * Hands over a step this instance has claimed. Without room (queue full, or stopping) the step is released to the
     * database for any instance's sweeper.
     */
    public void offer(String key, String source) {
        if (!held.add(key)) {
            return;
        }
        if (running && queue.offer(key)) {
            meters.counter("ledger.executor.steps.claimed", "source", source).increment();
            dispatch();
            return;
        }
        held.remove(key);
        executions.release(key, instanceId, Duration.ZERO);
        meters.counter("ledger.executor.steps.released", "reason", running ? "queue-full" : "stopping").increment();
        pressure();
    }

    private void dispatch() {
        while (running && !queue.isEmpty() && slots.tryAcquire()) {
            String key = queue.poll();
            if (key == null) {
                slots.release();
                break;
            }
            try {
                workers.execute(() -> work(key));
            } catch (RuntimeException e) {
                slots.release();
                held.remove(key);
                executions.release(key, instanceId, Duration.ZERO);
            }
        }
        pressure();
    }

    private void work(String key) {
        try {
            runner.perform(key, instanceId);
        } catch (InterruptedException e) {
            log.info("Step {} interrupted by the shutdown; its lease runs out and another instance takes it over", key);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Step {} failed here ({}); it is claimed again in {}", key, e.getMessage(), StepRunner.RETRY_DELAY,
                    e);
            try {
                executions.release(key, instanceId, StepRunner.RETRY_DELAY);
            } catch (RuntimeException ignored) {
                // the lease runs out instead
            }
        } finally {
            held.remove(key);
            slots.release();
            dispatch();
        }
    }

    /** Pauses the listener when the queue is full, resumes it when the queue is down to half. */
    private void pressure() {
        synchronized (pressureLock) {
            pressureLocked();
        }
    }

    private void pressureLocked() {
        int size = queue.size();
        if (running && !gate.paused() && size >= properties.queueCapacity()) {
            gate.pause();
            pauses.increment();
            log.info("Queue full ({} steps, {} in flight): pausing the listener", size, inFlight());
        } else if (gate.paused() && size <= properties.queueCapacity() / 2) {
            gate.resume();
            resumes.increment();
            log.info("Queue down to {} steps: resuming the listener", size);
        }
    }

    private void heartbeat() {
        try {
            List<String> keys = List.copyOf(held);
            List<String> renewed = executions.renew(keys, instanceId, properties.lease());
            if (renewed.size() < keys.size()) {
                keys.stream().filter(key -> !renewed.contains(key)).forEach(key ->
                        log.debug("Step {} is no longer held here (done, or taken over)", key));
            }
        } catch (RuntimeException e) {
            log.warn("Could not renew the leases of {} steps: {}", held.size(), e.getMessage());
        }
    }

    private void sweep() {
        try {
            if (!running) {
                return;
            }
            int room = queue.remainingCapacity();
            for (StepExecutions.Takeover due : executions.sweep(instanceId, properties.lease(), room)) {
                if (due.previous() != null && !due.previous().equals(instanceId)) {
                    log.info("Taking over step {} ({}) from {}, whose lease ran out", due.key(), due.status(),
                            due.previous());
                    meters.counter("ledger.executor.steps.taken-over").increment();
                }
                offer(due.key(), "sweeper");
            }
        } catch (RuntimeException e) {
            log.warn("Sweep failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        workers = Executors.newCachedThreadPool(StepRunner.named("executor-step-"));
        timers = Executors.newScheduledThreadPool(2, StepRunner.named("executor-lease-"));
        running = true;
        long heartbeat = properties.heartbeatInterval().toMillis();
        long sweep = properties.sweepInterval().toMillis();
        timers.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        log.info("Executor instance {}: up to {} steps at once, {} queued; lease {}", instanceId,
                properties.maxInFlight(), properties.queueCapacity(), properties.lease());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (String key = queue.poll(); key != null; key = queue.poll()) {
            held.remove(key);
            try {
                executions.release(key, instanceId, Duration.ZERO);
            } catch (RuntimeException e) {
                log.warn("Could not release step {}; its lease runs out instead", key);
            }
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} steps still running after {}: interrupted; their leases run out", inFlight(),
                        properties.shutdownGrace());
                workers.shutdownNow();
                workers.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            timers.shutdownNow();
            try {
                executions.sweep(instanceId, properties.lease(), 0); // the REPORTED marks noted last
            } catch (RuntimeException e) {
                log.warn("Could not mark the last reported steps; their leases run out and they are reported again");
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before and stopped after the Kafka listener containers (phase {@code Integer.MAX_VALUE - 100}). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    private static String generatedId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "executor";
        }
        String id = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return id.length() <= 128 ? id : id.substring(id.length() - 128);
    }
}
