package dev.upgradeledger.bench;

import dev.upgradeledger.local.KafkaAccess;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** Kafka client settings of the harness's own clients: the embedded broker's super user (reads and writes anything). */
final class BenchKafka {

    private BenchKafka() {
    }

    /** The bootstrap servers, the super user's SASL login, then {@code keyValues} (name, value, name, value...). */
    static Map<String, Object> config(String bootstrapServers, Object... keyValues) {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(KafkaAccess.ADMIN));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }
}
