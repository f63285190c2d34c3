package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ProfileUsed;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A cluster plans with its product's profile in force: the profile's catalog when the cluster has none of its own
 * (its own overrides it), and every plan names the profile version it used.
 */
class ClusterProductProfileTest {

    private static final ClusterId CLUSTER = ClusterId.of("camunda-eu");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-1");
    /** Version 2 of the camunda profile: a catalog 7.5, 7.6, 7.7 where lines are not skipped. */
    private static final ProductProfile DECLARED = new ProductProfile("camunda", "declared",
            BuiltInProfiles.CAMUNDA.versionScheme(), catalog("7.5", "7.6", "7.7"),
            new PolicyRules(true, true, false, true, false), false, BuiltInProfiles.CAMUNDA.roles(), null, List.of(),
            false, BuiltInProfiles.CAMUNDA.majorHop());

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        fixture.registerInjectableResource((ClusterDirectory) id -> Optional.empty());
    }

    @Test
    @DisplayName("a cluster without a catalog is held to its product's declared catalog: 7.5 -> 7.7 skips 7.6")
    void productCatalogApplies() {
        withProfileVersion(2, DECLARED);
        fixture.givenCommands(register(null))
                .when(rolling("7.7"))
                .expectEventsMatching(contains(UpgradeRejected.class, "no-line-skipping"));
    }

    @Test
    @DisplayName("the plan records the profile version it used and that the catalog came from the product")
    void planRecordsProductVersion() {
        withProfileVersion(2, DECLARED);
        fixture.givenCommands(register(null))
                .when(rolling("7.6"))
                .expectEventsMatching(planned(new ProfileUsed("camunda", 2L, ProfileUsed.CatalogSource.PRODUCT)));
    }

    @Test
    @DisplayName("a cluster's own catalog overrides the product's: 7.5 -> 7.7 is one hop of its catalog")
    void ownCatalogOverrides() {
        withProfileVersion(2, DECLARED);
        fixture.givenCommands(register(catalog("7.5", "7.7")))
                .when(rolling("7.7"))
                .expectEventsMatching(planned(new ProfileUsed("camunda", 2L, ProfileUsed.CatalogSource.CLUSTER)));
    }

    @Test
    @DisplayName("with only the built-in profile (version 0) nothing changes: its catalog is a sample, not applied")
    void builtInCatalogDoesNotApply() {
        fixture.givenCommands(register(null))
                .when(rolling("7.7"))
                .expectEventsMatching(planned(new ProfileUsed("camunda", 0L, ProfileUsed.CatalogSource.NONE)));
    }

    /** Puts a profile source with one declared version into every command's unit of work, as command-api does. */
    private void withProfileVersion(long version, ProductProfile profile) {
        ProfileSource source = new ProfileSource() {
            @Override
            public Optional<Applied> current(String product) {
                return product.equals(profile.product()) ? Optional.of(new Applied(version, profile, true))
                        : BUILT_IN.current(product);
            }

            @Override
            public Optional<Applied> version(String product, long wanted) {
                return wanted == version ? current(product) : BUILT_IN.version(product, wanted);
            }
        };
        fixture.registerCommandHandlerInterceptor((unitOfWork, chain) -> {
            unitOfWork.root().resources().put(ProfileSource.RESOURCE, source);
            return chain.proceed();
        });
    }

    private static RegisterCluster register(ReleaseCatalog catalog) {
        return new RegisterCluster(CLUSTER, "camunda", Version.of("7.5"), Version.of("7.5"),
                IntStream.rangeClosed(1, 3).mapToObj(i -> new NodeSpec(NodeId.of("engine-" + i),
                        "10.0.0." + i + ":8080", null)).toList(), catalog,
                catalog == null ? null : new PolicyRules(true, true, false, true, false));
    }

    private static RequestUpgrade rolling(String target) {
        return new RequestUpgrade(CLUSTER, UPGRADE, Version.of(target), null, UpgradeStrategy.ROLLING,
                SchemaChange.ADDITIVE, false, MaxUnavailable.of("1"), false, null, null, false, false, 3,
                Duration.ofMinutes(10));
    }

    private static ReleaseCatalog catalog(String... versions) {
        return new ReleaseCatalog(java.util.Arrays.stream(versions)
                .map(v -> new ReleaseLine(v, List.of(Version.of(v)))).toList());
    }

    private static Matcher<List<EventMessage<?>>> planned(ProfileUsed expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return events.stream().anyMatch(event -> event.getPayload() instanceof UpgradePlanned planned
                        && expected.equals(planned.profile()));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("an UpgradePlanned with profile " + expected);
            }
        };
    }

    private static Matcher<List<EventMessage<?>>> contains(Class<?> type, String rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return events.stream().anyMatch(event -> event.getPayload() instanceof UpgradeRejected rejected
                        && type.isInstance(rejected) && rule.equals(rejected.rule()));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a " + type.getSimpleName() + " by " + rule);
            }
        };
    }
}
