package dev.upgradeledger.support.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import org.junit.jupiter.api.Test;

/** Kafka commands get what REST requests get: the same defaults, and answers that name the field, not the library. */
class CommandCodecTest {

    private final CommandCodec codec = new CommandCodec();

    @Test
    void aRegistrationWithoutSchemaVersionRunsTheClustersVersionAsOverRest() {
        CommandCodec.Decoded decoded = codec.decode("""
                {"commandId":"c-1","commandType":"RegisterCluster","payload":{"clusterId":"camunda-eu",
                 "product":"camunda","version":"7.5","nodes":[{"id":"engine-1","address":"10.0.0.1:8080"}]}}""");

        assertThat(decoded.problem()).isNull();
        RegisterCluster command = (RegisterCluster) decoded.envelope().payload();
        assertThat(command.schemaVersion()).isEqualTo(Version.of("7.5"));
    }

    @Test
    void anUpgradeRequestWithOnlyWhatRestRequiresGetsRestsDefaults() {
        CommandCodec.Decoded decoded = codec.decode("""
                {"commandId":"c-2","commandType":"RequestUpgrade","payload":{"clusterId":"camunda-eu",
                 "targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"33%"}}""");

        assertThat(decoded.problem()).isNull();
        RequestUpgrade command = (RequestUpgrade) decoded.envelope().payload();
        assertThat(command.upgradeId()).isNotNull();
        assertThat(command.strategy()).isEqualTo(UpgradeStrategy.ROLLING);
        assertThat(command.schemaChange()).isEqualTo(SchemaChange.NONE);
        assertThat(command.maxAttempts()).isEqualTo(RequestUpgrade.DEFAULT_MAX_ATTEMPTS);
        assertThat(command.stepTimeout()).isEqualTo(RequestUpgrade.DEFAULT_STEP_TIMEOUT);
        assertThat(command.dryRun()).isFalse();
        assertThat(command.followPath()).isFalse();
    }

    @Test
    void maxAttemptsOfZeroSpelledOutIsRefusedAsOverRest() {
        CommandCodec.Decoded decoded = codec.decode("""
                {"commandId":"c-5","commandType":"RequestUpgrade","payload":{"clusterId":"camunda-eu",
                 "targetVersion":"7.6","strategy":"OFFLINE","maxAttempts":0}}""");

        assertThat(decoded.problem().detail()).isEqualTo("maxAttempts must be 1 to 10, was 0");
    }

    @Test
    void aValueOfTheWrongKindIsNamedByItsFieldWithoutTheLibrarysWords() {
        CommandCodec.Decoded decoded = codec.decode("""
                {"commandId":"c-3","commandType":"RequestUpgrade","payload":{"clusterId":"camunda-eu",
                 "targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"33%","dryRun":{"yes":1}}}""");

        assertThat(decoded.envelope()).isNull();
        assertThat(decoded.problem().detail()).contains("field dryRun").doesNotContain("Jackson", "`", "DeserializationFeature");
    }

    @Test
    void aRuleOfTheCommandItselfIsAnsweredInItsOwnWords() {
        CommandCodec.Decoded decoded = codec.decode("""
                {"commandId":"c-4","commandType":"RequestUpgrade","payload":{"clusterId":"camunda-eu",
                 "targetVersion":"7.6","strategy":"ROLLING"}}""");

        assertThat(decoded.problem().detail()).isEqualTo(
                "a ROLLING upgrade needs maxUnavailable, a count such as 2 or a percentage such as 33%");
    }

    @Test
    void aCatalogWithItsRulesInsideAsInTheRestBodyIsReadAndRulesLeftOutAreOn() {
        CommandCodec.Decoded decoded = codec.decode("""
                {"commandId":"c-cat","commandType":"RegisterCluster","payload":{"clusterId":"camunda-eu",
                 "product":"camunda","version":"7.5","nodes":[{"id":"engine-1","address":"10.0.0.1:8080"}],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}}}""");

        assertThat(decoded.problem()).isNull();
        RegisterCluster command = (RegisterCluster) decoded.envelope().payload();
        assertThat(command.catalog().lines()).hasSize(2);
        assertThat(command.rules()).isEqualTo(new dev.upgradeledger.events.PolicyRules(true, true, false, true,
                false));
    }

    @Test
    void aCatalogDeclaredWithThePutBodysLinesAndRulesIsReadWithEveryRuleOnThatIsLeftOut() {
        CommandCodec.Decoded decoded = codec.decode("""
                {"commandId":"c-declare","commandType":"DeclareReleaseCatalog","payload":{"clusterId":"camunda-eu",
                 "lines":[{"name":"7.5","versions":["7.5"]}]}}""");

        assertThat(decoded.problem()).isNull();
        dev.upgradeledger.events.DeclareReleaseCatalog command =
                (dev.upgradeledger.events.DeclareReleaseCatalog) decoded.envelope().payload();
        assertThat(command.catalog().lines()).hasSize(1);
        assertThat(command.rules()).isEqualTo(new dev.upgradeledger.events.PolicyRules(true, true, true, true, true));
    }

    @Test
    void aRecordThatIsNoEnvelopeAtAllIsUnprocessableNotABug() {
        for (String text : java.util.List.of("null", "", "[]", "{", "{\"commandId\":\"\"}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(text)).as(text)
                    .isInstanceOf(dev.upgradeledger.support.kafka.UnprocessableRecordException.class);
        }
    }
}
