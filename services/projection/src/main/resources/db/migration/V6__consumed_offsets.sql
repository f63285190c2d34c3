-- Where in Kafka the read models stand: per partition of each consumed topic, the offset of the last record applied
-- (or dead-lettered), written in the same transaction as the read models it produced. On every partition assignment
-- the listener seeks to the offset after it, so read models restored from a snapshot, or rebuilt beside the live ones,
-- resume exactly after what they hold. A partition without a row is read from its beginning (an empty projection
-- rebuilds itself). Bookkeeping, not a read model: it is not part of the read-model checksum.
CREATE TABLE projection_offset (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    last_offset     BIGINT       NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);
