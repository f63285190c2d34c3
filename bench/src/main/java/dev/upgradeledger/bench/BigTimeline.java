package dev.upgradeledger.bench;

import dev.upgradeledger.events.LedgerTopics;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Where the events stand, every second, while the big section runs: the event store's last global index, the
 * publisher's token (so the events stored but not yet on {@value LedgerTopics#EVENTS}), and per partition of that
 * topic the records not yet applied by the projection (its own offsets in PostgreSQL), the big cluster's partition
 * apart; and each small cluster's registration, record and arrival on the same clock. Written as CSV lines beside the
 * report ({@code big-timeline.csv}) so that a slow small cluster can be lined up with the stage that held it; the
 * report gets the most of each lag.
 */
final class BigTimeline implements Runnable, AutoCloseable {

    private final Database database;
    private final KafkaAdmin kafka;
    private final PrintWriter out;
    private final IntSupplier bigPartition;
    private final long origin = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private long mostPublisherLag;
    private long mostBigPartitionLag;
    private long mostOtherPartitionLag;

    BigTimeline(Database database, String bootstrapServers, Path file, IntSupplier bigPartition) throws IOException {
        this.database = database;
        this.kafka = new KafkaAdmin(bootstrapServers);
        this.bigPartition = bigPartition;
        Files.createDirectories(file.getParent());
        this.out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        out.println("seconds,kind,stored_index,published_index,publisher_lag,big_partition,big_partition_lag,"
                + "other_partitions_lag,most_other_partition_lag,detail");
        thread = new Thread(this, "bench-big-timeline");
        thread.setDaemon(true);
        thread.start();
    }

    /** Seconds since the timeline started (System.nanoTime() given). */
    double at(long nanoTime) {
        return (nanoTime - origin) / 1e9;
    }

    /**
     * One small cluster: registration requested, answered, its record seen on the topic (0: not seen), visible in the
     * projection.
     */
    synchronized void small(String id, long registered, long answered, long published, long projected, int partition) {
        out.printf(Locale.ROOT, "%.3f,small,,,,%d,,,,%s registered %.3f answered %.3f published %s projected %.3f"
                        + " (%.3f s)%n", at(projected), partition, id, at(registered), at(answered),
                published == 0 ? "unseen"
                        : String.format(Locale.ROOT, "%.3f", at(published)), at(projected),
                (projected - registered) / 1e9);
    }

    @Override
    public void run() {
        while (running) {
            long began = System.nanoTime();
            try {
                sample();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                synchronized (this) {
                    out.printf(Locale.ROOT, "%.3f,error,,,,,,,,%s%n", at(began), e.toString().replace(',', ';'));
                }
            }
            try {
                Thread.sleep(Math.max(0, 1_000 - (System.nanoTime() - began) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sample() throws Exception {
        long taken = System.nanoTime();
        long stored = database.lastGlobalIndex();
        long published = database.publisherIndex();
        Map<Integer, Long> ends = kafka.endOffsets(LedgerTopics.EVENTS);
        Map<Integer, Long> applied = database.projectionOffsets(LedgerTopics.EVENTS);
        int big = bigPartition.getAsInt();
        long bigLag = -1;
        long otherLag = 0;
        long mostOther = 0;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            long lag = Math.max(0, end.getValue() - 1 - applied.getOrDefault(end.getKey(), -1L));
            if (end.getKey() == big) {
                bigLag = lag;
            } else {
                otherLag += lag;
                mostOther = Math.max(mostOther, lag);
            }
        }
        long publisherLag = published < 0 ? -1 : Math.max(0, stored - published);
        synchronized (this) {
            mostPublisherLag = Math.max(mostPublisherLag, publisherLag);
            mostBigPartitionLag = Math.max(mostBigPartitionLag, bigLag);
            mostOtherPartitionLag = Math.max(mostOtherPartitionLag, mostOther);
            out.printf(Locale.ROOT, "%.3f,sample,%d,%d,%d,%d,%d,%d,%d,%n", at(taken), stored, published, publisherLag,
                    big, bigLag, otherLag, mostOther);
        }
    }

    synchronized String summary() {
        return String.format(Locale.ROOT, "most events stored but not published %d; most records not yet projected:"
                + " on the big cluster's partition %d, on any other partition %d", mostPublisherLag,
                mostBigPartitionLag, mostOtherPartitionLag);
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        kafka.close();
        out.close();
    }
}
