package dev.upgradeledger.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes, read with the fabric8 Kubernetes model (so every document is a kind and shape the model knows):
 * several replicas of each service, probes on the health groups the services expose, resources, a disruption budget,
 * a Service and the ServiceMonitor that scrapes it, credentials only by reference to a Secret, and only environment
 * variables the services read.
 */
class KubernetesManifestsTest {

    private static final Map<String, Integer> PORTS = Map.of("command-api", 8080, "projection", 8081, "executor", 8082);

    private final List<HasMetadata> resources = load();

    @Test
    void everyDocumentIsAKindTheKubernetesModelKnows() {
        assertThat(resources).isNotEmpty().noneMatch(GenericKubernetesResource.class::isInstance);
        assertThat(of(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(PORTS.keySet());
        assertThat(of(ServiceMonitor.class)).hasSize(1);
    }

    @Test
    void everyServiceRunsSeveralReplicasWithResourcesAndRollsWithoutLosingCapacity() {
        assertThat(of(Deployment.class)).allSatisfy(deployment -> {
            assertThat(deployment.getSpec().getReplicas()).as(name(deployment)).isGreaterThanOrEqualTo(2);
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                    .isZero();
            Container container = container(deployment);
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                    .containsExactly(PORTS.get(name(deployment)));
        });
    }

    @Test
    void probesUseTheHealthGroupsTheServicesExpose() {
        assertThat(DeployFiles.read(DeployFiles.repository()
                .resolve("platform/service-support/src/main/resources/ledger-defaults.yml")))
                .as("the liveness and readiness groups exist only with probes enabled")
                .containsPattern("probes:\\s+enabled: true");
        assertThat(of(Deployment.class)).allSatisfy(deployment -> {
            Container container = container(deployment);
            assertThat(path(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
            assertThat(Stream.of(container.getLivenessProbe(), container.getReadinessProbe(),
                    container.getStartupProbe())).allSatisfy(probe ->
                    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http"));
        });
    }

    @Test
    void eachServiceHasADisruptionBudgetAndAServiceThatSelectItsPods() {
        assertThat(of(Deployment.class)).allSatisfy(deployment -> {
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            PodDisruptionBudget budget = named(PodDisruptionBudget.class, name(deployment));
            assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMinAvailable().getIntVal())
                    .isBetween(1, deployment.getSpec().getReplicas() - 1);
            Service service = named(Service.class, name(deployment));
            assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
        });
    }

    @Test
    void theServiceMonitorScrapesEveryServicesPrometheusEndpointWithTheServiceNameAsJob() {
        ServiceMonitor monitor = of(ServiceMonitor.class).get(0);
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
            assertThat(endpoint.getPort()).isEqualTo("http");
        });
        assertThat(monitor.getSpec().getJobLabel()).isEqualTo("app.kubernetes.io/name");
        assertThat(of(Service.class)).allSatisfy(service -> {
            assertThat(service.getMetadata().getLabels())
                    .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
            assertThat(service.getMetadata().getLabels().get("app.kubernetes.io/name"))
                    .isIn(PORTS.keySet());
        });
    }

    @Test
    void credentialsComeFromASecretByReferenceAndNothingSecretIsWrittenOut() {
        assertThat(resources).noneMatch(resource -> resource.getKind().equals("Secret"));
        assertThat(of(ConfigMap.class)).allSatisfy(map -> assertThat(map.getData().keySet())
                .noneMatch(key -> key.contains("PASSWORD") || key.contains("SECRET") || key.contains("TOKEN")));
        assertThat(of(Deployment.class)).allSatisfy(deployment -> {
            EnvVar password = env(deployment, "LEDGER_DB_PASSWORD");
            assertThat(password.getValue()).isNull();
            assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ledger-db");
            assertThat(env(deployment, "LEDGER_DB_USER").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("ledger-db");
        });
    }

    @Test
    void everyEnvironmentVariableIsOneTheServicesRead() {
        List<String> names = new ArrayList<>();
        of(ConfigMap.class).forEach(map -> names.addAll(map.getData().keySet()));
        of(Deployment.class).forEach(deployment -> container(deployment).getEnv()
                .forEach(variable -> names.add(variable.getName())));
        assertThat(names).contains("LEDGER_DB_URL", "LEDGER_KAFKA_BOOTSTRAP_SERVERS", "LEDGER_DB_PASSWORD");
        assertThat(names).allSatisfy(name -> assertThat(DeployFiles.readByTheServices(name))
                .as(name + " is read by the services").isTrue());
        of(Deployment.class).forEach(deployment -> assertThat(container(deployment).getEnvFrom())
                .allSatisfy(source -> assertThat(named(ConfigMap.class, source.getConfigMapRef().getName()))
                        .isNotNull()));
    }

    @Test
    void eachServiceRunsTheImageTheBuildWritesAsItsNonRootUser() {
        assertThat(of(Deployment.class)).allSatisfy(deployment -> {
            assertThat(container(deployment).getImage()).isEqualTo("upgrade-ledger/" + name(deployment)
                    + ":0.1.0-SNAPSHOT");
            assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                    .as("the image's user (Jib container.user)").isEqualTo(10001L);
            assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(container(deployment).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container(deployment).getVolumeMounts()).anySatisfy(mount ->
                    assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        });
        assertThat(DeployFiles.read(DeployFiles.repository().resolve("pom.xml")))
                .contains("<user>10001:10001</user>", "<workingDirectory>/tmp</workingDirectory>");
    }

    @Test
    void eachServiceLogsInToKafkaWithSaslAsItsOwnUserFromItsSecretAndExportsTraces() {
        Map<String, String> settings = named(ConfigMap.class, "ledger-config").getData();
        assertThat(settings).containsEntry("LEDGER_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("LEDGER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("LEDGER_KAFKA_REPLICATIONFACTOR", "3")
                .containsKeys("LEDGER_OTLP_ENDPOINT", "LEDGER_TRACE_SAMPLING");
        assertThat(settings.get("LEDGER_OTLP_ENDPOINT")).startsWith("http").endsWith("/v1/traces");
        assertThat(of(Deployment.class)).allSatisfy(deployment -> {
            for (String variable : List.of("LEDGER_KAFKA_USERNAME", "LEDGER_KAFKA_PASSWORD")) {
                EnvVar login = env(deployment, variable);
                assertThat(login.getValue()).isNull();
                assertThat(login.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo("ledger-kafka-" + name(deployment));
            }
        });
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        Map<String, Object> kustomization = new Yaml().load(DeployFiles.read(dir().resolve("kustomization.yaml")));
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(kustomization.get("resources")).asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                    .containsExactlyInAnyOrderElementsOf(files.map(file -> file.getFileName().toString())
                            .filter(file -> !file.equals("kustomization.yaml")).toList());
        }
    }

    private static Path dir() {
        return DeployFiles.deploy().resolve("kubernetes");
    }

    private static List<HasMetadata> load() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            files.filter(file -> !file.getFileName().toString().equals("kustomization.yaml")).sorted()
                    .forEach(file -> {
                        Object parsed = serialization.unmarshal(DeployFiles.read(file));
                        if (parsed instanceof List<?> documents) {
                            documents.forEach(document -> loaded.add((HasMetadata) document));
                        } else {
                            loaded.add((HasMetadata) parsed);
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return loaded;
    }

    private <T extends HasMetadata> List<T> of(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> T named(Class<T> type, String name) {
        return of(type).stream().filter(resource -> resource.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }

    private static Container container(Deployment deployment) {
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static EnvVar env(Deployment deployment, String name) {
        return container(deployment).getEnv().stream().filter(variable -> variable.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name(deployment) + " has no " + name));
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }
}
