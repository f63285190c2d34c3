package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.Version;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A product's profile versioned by events: given its history, when a declaration, then the events and the answer. */
class ProductTest {

    private static final String CAMUNDA = "camunda";
    private static final ProductProfile BUILT_IN = BuiltInProfiles.CAMUNDA;
    private static final ProductProfile WITH_7_7 = new ProductProfile(CAMUNDA, BUILT_IN.guide(),
            BUILT_IN.versionScheme(), new ReleaseCatalog(List.of(line("7.5"), line("7.6"), line("7.7"))),
            BUILT_IN.rules(), false, BUILT_IN.roles(), null, List.of(), false, BUILT_IN.majorHop());
    private static final ProductProfile STRICT_7_7 = new ProductProfile(CAMUNDA, BUILT_IN.guide(),
            BUILT_IN.versionScheme(), WITH_7_7.catalog(), PolicyRules.STRICT, false, BUILT_IN.roles(), null,
            List.of(), false, BUILT_IN.majorHop());

    private AggregateTestFixture<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    @Test
    @DisplayName("the first declaration is version 1, recorded with the reason, even when it equals the built-in"
            + " profile (version 0, whose catalog applies to no cluster by itself)")
    void firstDeclarationIsVersionOne() {
        fixture.givenNoPriorActivity()
                .when(new ChangeProductProfile(CAMUNDA, BUILT_IN, "adopt the guide's catalog", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductProfileDeclared(CAMUNDA, 1, BUILT_IN, "adopt the guide's catalog"))
                .expectResultMessagePayload(new ProfileVersion(CAMUNDA, 1, true));
    }

    @Test
    @DisplayName("a changed profile is the next version, the whole profile as it is from now on")
    void changeIsNextVersion() {
        fixture.givenCommands(new ChangeProductProfile(CAMUNDA, BUILT_IN, "adopt", null))
                .when(new ChangeProductProfile(CAMUNDA, WITH_7_7, "7.7 released", 1L))
                .expectEvents(new ProductProfileChanged(CAMUNDA, 2, WITH_7_7, "7.7 released"))
                .expectResultMessagePayload(new ProfileVersion(CAMUNDA, 2, true));
    }

    @Test
    @DisplayName("a declaration equal to the current version changes nothing (a resent PUT is harmless)")
    void sameProfileChangesNothing() {
        fixture.givenCommands(new ChangeProductProfile(CAMUNDA, BUILT_IN, "adopt", null),
                        new ChangeProductProfile(CAMUNDA, WITH_7_7, "7.7 released", null))
                .when(new ChangeProductProfile(CAMUNDA, WITH_7_7, "again", null))
                .expectNoEvents()
                .expectResultMessagePayload(new ProfileVersion(CAMUNDA, 2, false));
    }

    @Test
    @DisplayName("two editors never overwrite each other unseen: a change made from version 1 is refused at version 2")
    void staleEditIsRefused() {
        fixture.givenCommands(new ChangeProductProfile(CAMUNDA, BUILT_IN, "adopt", null),
                        new ChangeProductProfile(CAMUNDA, WITH_7_7, "7.7 released", null))
                .when(new ChangeProductProfile(CAMUNDA, STRICT_7_7, "strict rules", 1L))
                .expectNoEvents()
                .expectException(refusedBy(Rule.PROFILE_VERSION_CONFLICT))
                .expectExceptionMessage("the profile of camunda is at version 2, not 1");
    }

    @Test
    @DisplayName("expectedVersion 0 declares the first version over the built-in one, and only then")
    void expectedVersionZeroOnlyFirst() {
        fixture.givenNoPriorActivity()
                .when(new ChangeProductProfile(CAMUNDA, WITH_7_7, "7.7", 0L))
                .expectEvents(new ProductProfileDeclared(CAMUNDA, 1, WITH_7_7, "7.7"));
        fixture.givenCommands(new ChangeProductProfile(CAMUNDA, WITH_7_7, "7.7", null))
                .when(new ChangeProductProfile(CAMUNDA, STRICT_7_7, "strict", 0L))
                .expectNoEvents()
                .expectException(refusedBy(Rule.PROFILE_VERSION_CONFLICT));
    }

    private static Matcher<ClusterRefusal> refusedBy(Rule rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ClusterRefusal refusal) {
                return refusal.rule().equals(rule.id()) && refusal.wayOut() != null;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal by " + rule.id() + " with a way out");
            }
        };
    }

    private static ReleaseLine line(String version) {
        return new ReleaseLine(version, List.of(Version.of(version)));
    }
}
