package dev.upgradeledger.testsupport;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.upgradeledger.local.KafkaAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The compose file's Kafka broker ({@code deploy/compose/kafka}: SASL/SCRAM only, the standard authorizer, deny by
 * default, {@value KafkaAccess#ADMIN} the super user with the embedded broker's password) in a container of
 * {@link LedgerInfrastructure#KAFKA_IMAGE}, for {@code ledger.test.infrastructure=docker}: the tests meet the same
 * broker setup whichever mode runs them. The broker advertises the host's mapped port, known only once the container
 * runs: its entry point waits for the file this class copies in then (as Testcontainers' own {@code KafkaContainer}
 * does). {@link LedgerInfrastructure} then creates the users and ACLs of {@link KafkaAccess}.
 */
final class SecuredKafkaContainer extends GenericContainer<SecuredKafkaContainer> {

    static final int PORT = 9092;
    private static final String ADVERTISED = "/tmp/ledger-advertised.properties";

    SecuredKafkaContainer(String image) {
        super(DockerImageName.parse(image));
        Path kafka = composeKafka();
        withExposedPorts(PORT);
        withCopyFileToContainer(MountableFile.forHostPath(kafka.resolve("server.properties")),
                "/ledger/kafka/server.properties");
        withCopyFileToContainer(MountableFile.forHostPath(kafka.resolve("start-broker.sh")),
                "/ledger/kafka/start-broker.sh");
        withEnv("KAFKA_HOME", "/opt/kafka");
        withEnv("KAFKA_ADMIN_PASSWORD", KafkaAccess.password(KafkaAccess.ADMIN));
        withEnv("KAFKA_CLUSTER_ID", "3Lq8ZuXqTjq0h1mY2k7Z1A");
        withEnv("KAFKA_EXTRA_PROPERTIES", ADVERTISED);
        withCreateContainerCmdModifier(command -> command.withEntrypoint("bash", "-c",
                "while [ ! -f " + ADVERTISED + " ]; do sleep 0.1; done; exec bash /ledger/kafka/start-broker.sh"));
        waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1));
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        copyFileToContainer(Transferable.of("advertised.listeners=SASL_PLAINTEXT://" + getHost() + ":"
                + getMappedPort(PORT) + "\n"), ADVERTISED);
    }

    String bootstrapServers() {
        return getHost() + ":" + getMappedPort(PORT);
    }

    /** deploy/compose/kafka of this repository, found upwards from the working directory (a module's folder). */
    private static Path composeKafka() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/compose/kafka");
            if (Files.isRegularFile(candidate.resolve("start-broker.sh"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/compose/kafka not found above " + Path.of("").toAbsolutePath());
    }
}
