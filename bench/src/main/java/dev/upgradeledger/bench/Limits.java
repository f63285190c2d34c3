package dev.upgradeledger.bench;

/**
 * The limits measured in this run, on the benchmark's own PostgreSQL and Kafka broker while the services were not yet
 * running; NaN for what was not measured (the {@code limits} section skipped, or a probe failed).
 *
 * @param pgCommits1         single-row insert transactions per second, 1 client
 * @param pgCommits8         the same, 8 clients
 * @param pgBatchRows1       rows per second inserted in transactions of 100 rows, 1 client
 * @param kafkaProduce       records per second, one producer, acks=all, idempotent, ~500 B, 6 partitions
 * @param kafkaConsume       records per second, one consumer reading them back
 * @param kafkaSendP50Ms     one record sent and acknowledged (acks=all) at a time: the median round trip
 * @param kafkaMaxMessage    the broker's message.max.bytes
 * @param sha256MBps         one core's SHA-256 rate
 * @param fsyncPerSecond     the data folder's fdatasync rate
 */
record Limits(double pgCommits1, double pgCommits8, double pgBatchRows1, double kafkaProduce, double kafkaConsume,
              double kafkaSendP50Ms, double kafkaMaxMessage, double sha256MBps, double fsyncPerSecond) {

    static final Limits NONE = new Limits(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN);

    /** One single-row commit's mean time with 1 client, in ms. */
    double pgCommitMs() {
        return 1000.0 / pgCommits1;
    }

    Limits withMachine(double sha, double fsync) {
        return new Limits(pgCommits1, pgCommits8, pgBatchRows1, kafkaProduce, kafkaConsume, kafkaSendP50Ms,
                kafkaMaxMessage, sha, fsync);
    }

    /** The client level's matching commit limit: 1 client against 1, more against 8. */
    double pgCommitsFor(int clients) {
        return clients <= 1 ? pgCommits1 : pgCommits8;
    }

    String pgCommitsLabel(int clients) {
        return clients <= 1 ? "PG single-row commits/s, 1 client" : "PG single-row commits/s, 8 clients";
    }
}
