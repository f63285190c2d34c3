package dev.upgradeledger.commandapi.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.commandapi.product.ProductProfileChanged;
import dev.upgradeledger.commandapi.product.ProductProfileDeclared;
import dev.upgradeledger.domain.profile.ProductProfile.MigrationProcedure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A profile stored before profiles chose a migration procedure is read with the one every product had then. */
class MigrationProcedureUpcastersTest {

    private static final String REVISION_1 = """
            {"product":"inmanta","version":1,"reason":"ours","profile":{"product":"inmanta","guide":null,
             "versionScheme":"NUMERIC","catalog":null,"rules":null,"allowVersionDrift":false,
             "roles":[{"name":"orchestrator","rolling":false}],"schemaStepRole":null,"extraSteps":[],
             "haltWorkloadsOnRolling":false,"majorHop":"NEW_LINE","approvalBeforeFirstStep":null}}""";

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void aRevision1DeclarationOrChangeIsReadAsRevision2MovingWorkloads() {
        List<IntermediateEventRepresentation> out = new MigrationProcedureUpcasters().productProfileRevision2()
                .upcast(Stream.of(representation(ProductProfileDeclared.class, "1", REVISION_1),
                        representation(ProductProfileChanged.class, "1", REVISION_1.replace("\"version\":1",
                                "\"version\":2")))).toList();

        assertThat(out).extracting(event -> event.getType().getRevision()).containsExactly("2", "2");
        assertThat(out).allSatisfy(event -> assertThat(event.getData(ObjectNode.class).getData().get("profile")
                .has("migration")).as("the upcaster names the procedure").isTrue());
        ProductProfileDeclared declared = (ProductProfileDeclared) serializer.deserialize(out.get(0).getData());
        ProductProfileChanged changed = (ProductProfileChanged) serializer.deserialize(out.get(1).getData());
        assertThat(declared.profile().migration()).isEqualTo(MigrationProcedure.MOVE_WORKLOADS);
        assertThat(changed.profile().migration()).isEqualTo(MigrationProcedure.MOVE_WORKLOADS);
        assertThat(declared.profile().roles()).hasSize(1);
    }

    @Test
    void aRevision2ProfileKeepsItsProcedure() {
        String json = REVISION_1.replace("\"approvalBeforeFirstStep\":null",
                "\"approvalBeforeFirstStep\":null,\"migration\":\"PER_ENVIRONMENT\"");
        InitialEventRepresentation stored = representation(ProductProfileDeclared.class, "2", json);
        List<IntermediateEventRepresentation> out = new MigrationProcedureUpcasters().productProfileRevision2()
                .upcast(Stream.of(stored)).toList();

        assertThat(out).as("a current revision passes untouched").containsExactly(stored);
        ProductProfileDeclared declared = (ProductProfileDeclared) serializer.deserialize(out.get(0).getData());
        assertThat(declared.profile().migration()).isEqualTo(MigrationProcedure.PER_ENVIRONMENT);
    }

    private InitialEventRepresentation representation(Class<?> type, String revision, String json) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("Product", "product/inmanta", 0, "e-1",
                Instant.parse("2026-12-01T10:00:00Z"), type.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)), serializer);
    }
}
