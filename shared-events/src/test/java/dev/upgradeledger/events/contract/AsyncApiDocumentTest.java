package dev.upgradeledger.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.ReportStepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in AsyncAPI document (served by every service at {@code /contracts/asyncapi.json}) is the one the
 * records of this module make: change a command or an event and this test fails until the document is regenerated
 * with {@code ./mvnw -pl shared-events test -Dtest=AsyncApiDocumentTest -Dledger.contracts.write=true}.
 */
class AsyncApiDocumentTest {

    static final Path CHECKED_IN = Path.of("src/main/resources/META-INF/resources/contracts/asyncapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theCheckedInDocumentIsTheOneTheRecordsMake() throws IOException {
        JsonNode generated = AsyncApiDocument.generate();
        String text = JSON.writer().with(new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))).writeValueAsString(generated) + "\n";
        if (Boolean.getBoolean("ledger.contracts.write")) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, text);
        }

        assertThat(Files.exists(CHECKED_IN)).as(CHECKED_IN + " exists").isTrue();
        assertThat(JSON.readTree(Files.readString(CHECKED_IN)))
                .as("%s is stale: regenerate it with ./mvnw -pl shared-events test -Dtest=AsyncApiDocumentTest"
                        + " -Dledger.contracts.write=true", CHECKED_IN)
                .isEqualTo(generated);
    }

    @Test
    void everyCommandAndEventHasAMessageWithASchemaAndEveryReferenceResolves() {
        JsonNode document = AsyncApiDocument.generate();

        for (Class<?> type : ClusterCommand.class.getPermittedSubclasses()) {
            assertThat(document.at("/components/messages/" + type.getSimpleName() + "/payload").isObject()).isTrue();
            // every command goes to ledger.commands with its sender's token, except the executor's step outcomes
            String channel = type == ReportStepOutcome.class ? "stepOutcomes" : "commands";
            assertThat(document.at("/channels/" + channel + "/messages/" + type.getSimpleName()).isObject())
                    .as(type.getSimpleName()).isTrue();
            assertThat(document.at("/components/messages/" + type.getSimpleName() + "/headers/required/0").isMissingNode())
                    .isEqualTo(type == ReportStepOutcome.class);
            assertThat(document.at("/components/schemas/" + type.getSimpleName() + "/properties").isObject()).isTrue();
        }
        for (Class<?> type : LedgerEvent.class.getPermittedSubclasses()) {
            assertThat(document.at("/channels/events/messages/" + type.getSimpleName()).isObject()).isTrue();
            assertThat(document.at("/components/schemas/" + type.getSimpleName()).isObject()).isTrue();
        }
        assertThat(document.at("/channels/commands/address").asString()).isEqualTo("ledger.commands");
        assertThat(document.at("/channels/stepOutcomes/address").asString()).isEqualTo("ledger.step-outcomes");
        assertThat(document.at("/channels/stepOutcomesDeadLetters/address").asString())
                .isEqualTo("ledger.step-outcomes.command-api.dlt");
        assertThat(document.at("/channels/command-apiDeadLetters/address").asString())
                .isEqualTo("ledger.commands.command-api.dlt");
        assertThat(document.findValues("$ref")).allSatisfy(ref -> assertThat(document.at(ref.asString().substring(1))
                .isObject()).as(ref.asString()).isTrue());
    }

    @Test
    void aStepOutcomeIsTaggedByItsOutcomeAsJacksonWritesIt() {
        JsonNode outcome = AsyncApiDocument.generate().at("/components/schemas/StepOutcome/oneOf");

        assertThat(outcome.findValuesAsString("const")).containsExactlyInAnyOrder("FAILED", "SUCCEEDED");
    }
}
