package dev.upgradeledger.commandapi.notify;

import dev.upgradeledger.commandapi.cluster.ClusterSnapshots;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetRollbackStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeAborted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeCompleted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeHalted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeResumed;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeRolledBack;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveApproved;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveAwaitingApproval;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveChecked;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.PlannedCluster;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.PlannedWave;
import dev.upgradeledger.commandapi.fleet.FleetUpgrades;
import dev.upgradeledger.events.ClusterId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Turns a fleet's and its waves' state changes into notifications, beside {@link UpgradeNotifier} in the same
 * processor ({@value UpgradeNotifier#PROCESSING_GROUP}) and through the same outbox, signature, retries and ids
 * ({@link NotificationOutbox}). The CloudEvent's {@code subject} is {@value #SUBJECT_PREFIX}{@code <fleetId>} (a
 * cluster's subject is its bare id, and cluster ids never contain '/'), and its extension attribute
 * {@value #FLEET_ID_ATTRIBUTE} is the bare fleet id. A webhook's {@code products} match a fleet when they list the
 * fleet's product or that of any cluster it planned ({@link FleetUpgradeStarted}, read from the event store once per
 * fleet and kept: a fleet's plan never changes).
 *
 * <p>Not notified: a single cluster's start, settling, resume and rollback answer within the fleet (each cluster's
 * own upgrade is notified by {@link UpgradeNotifier}), and a check's request (its result, {@link FleetWaveChecked},
 * is).
 */
@Component
@ProcessingGroup(UpgradeNotifier.PROCESSING_GROUP)
public class FleetNotifier {

    /** The fleet event types notified: what an SRE wants on a chat or pager, not every cluster's start. */
    public static final List<Class<? extends FleetUpgradeEvent>> NOTIFIED = List.of(
            FleetUpgradeStarted.class, FleetWaveStarted.class, FleetWaveAwaitingApproval.class, FleetWaveApproved.class,
            FleetWaveChecked.class, FleetUpgradeHalted.class, FleetUpgradeResumed.class, FleetUpgradeAborted.class,
            FleetUpgradeCompleted.class, FleetRollbackStarted.class, FleetUpgradeRolledBack.class);
    /** The start of a fleet notification's {@code subject}, before the fleet's id. */
    public static final String SUBJECT_PREFIX = "fleet/";
    /** The CloudEvents extension attribute that carries the fleet's id. */
    public static final String FLEET_ID_ATTRIBUTE = "fleetid";
    private static final int KEPT_FLEETS = 1_000;

    private final NotificationProperties properties;
    private final NotificationOutbox outbox;
    private final FleetUpgrades fleets;
    private final ClusterSnapshots clusters;
    /**
     * What recently notified fleets concern (their plans never change), least recently used first: read once per
     * fleet, the labels only when a webhook filters by them.
     */
    private final Map<String, Concerned> concerned = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Concerned> eldest) {
            return size() > KEPT_FLEETS;
        }
    };

    /** A fleet's products and its planned clusters' distinct label sets (empty when no webhook filters by them). */
    private record Concerned(Set<String> products, List<Map<String, String>> labels) {
    }

    private static final Concerned NONE = new Concerned(Set.of(), List.of());

    FleetNotifier(NotificationProperties properties, NotificationOutbox outbox, FleetUpgrades fleets,
                  ClusterSnapshots clusters) {
        this.clusters = clusters;
        this.properties = properties;
        this.outbox = outbox;
        this.fleets = fleets;
    }

    // As in UpgradeNotifier: one handler per notified type taking the message, so the processor skips every other
    // event by its stored type and deserializes a notified one only when a webhook is configured.
    @EventHandler(payloadType = FleetUpgradeStarted.class)
    void onFleetUpgradeStarted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetWaveStarted.class)
    void onFleetWaveStarted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetWaveAwaitingApproval.class)
    void onFleetWaveAwaitingApproval(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetWaveApproved.class)
    void onFleetWaveApproved(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetWaveChecked.class)
    void onFleetWaveChecked(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetUpgradeHalted.class)
    void onFleetUpgradeHalted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetUpgradeResumed.class)
    void onFleetUpgradeResumed(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetUpgradeAborted.class)
    void onFleetUpgradeAborted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetUpgradeCompleted.class)
    void onFleetUpgradeCompleted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetRollbackStarted.class)
    void onFleetRollbackStarted(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    @EventHandler(payloadType = FleetUpgradeRolledBack.class)
    void onFleetUpgradeRolledBack(DomainEventMessage<?> message) {
        notifyIfConfigured(message);
    }

    private void notifyIfConfigured(DomainEventMessage<?> message) {
        if (!properties.webhooks().isEmpty()) {
            on((FleetUpgradeEvent) message.getPayload(), message);
        }
    }

    /** Writes the outbox rows of a fleet event for the webhooks that want it (none for a type not notified). */
    public void on(FleetUpgradeEvent event, DomainEventMessage<?> message) {
        if (properties.webhooks().isEmpty() || !NOTIFIED.contains(event.getClass())) {
            return;
        }
        Concerned fleet = properties.filtersByProduct() || properties.filtersByLabel() ? concernedBy(event) : NONE;
        outbox.add(message, event, new Notified(event.getClass().getSimpleName(), fleet.products(), fleet.labels()),
                SUBJECT_PREFIX + event.fleetId(), Map.of(FLEET_ID_ATTRIBUTE, event.fleetId()));
    }

    static Set<String> products(FleetUpgradeStarted started) {
        return products(started.product(), started.waves());
    }

    /** A fleet's product (null when it selected clusters by id or label) and its planned clusters' products. */
    static Set<String> products(String product, List<PlannedWave> waves) {
        return Stream.concat(Stream.of(product), waves.stream()
                        .flatMap(wave -> wave.clusters().stream()).map(PlannedCluster::product))
                .filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }

    Set<String> productsOf(FleetUpgradeEvent event) {
        return concernedBy(event).products();
    }

    /**
     * The labels of the fleet's planned clusters as they carried them when the fleet was first notified (each distinct
     * set once), read from their aggregates (Axon's cache first): a fleet's notifications are routed alike all along.
     */
    List<Map<String, String>> labelsOf(FleetUpgradeEvent event) {
        return concernedBy(event).labels();
    }

    /** What the fleet concerns, from its start (the event itself, or read back from the store once) and kept. */
    private Concerned concernedBy(FleetUpgradeEvent event) {
        synchronized (concerned) {
            Concerned known = concerned.get(event.fleetId());
            if (known != null) {
                return known;
            }
        }
        Optional<FleetUpgradeStarted> start = event instanceof FleetUpgradeStarted started ? Optional.of(started)
                : fleets.plan(event.fleetId());
        Concerned read = new Concerned(
                properties.filtersByProduct() ? start.map(FleetNotifier::products).orElse(Set.of()) : Set.of(),
                properties.filtersByLabel() ? start.map(started -> started.waves().stream()
                        .flatMap(wave -> wave.clusters().stream())
                        .map(cluster -> clusters.labels(ClusterId.of(cluster.clusterId())))
                        .filter(carried -> !carried.isEmpty()).distinct().toList()).orElse(List.of()) : List.of());
        synchronized (concerned) {
            concerned.put(event.fleetId(), read);
        }
        return read;
    }
}
