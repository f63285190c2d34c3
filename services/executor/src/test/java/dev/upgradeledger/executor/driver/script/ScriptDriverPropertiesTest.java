package dev.upgradeledger.executor.driver.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.StepAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

class ScriptDriverPropertiesTest {

    private static final String PREFIX = "ledger.executor.drivers.script";

    @Test
    void theReadmeExampleBindsWithItsSecretReferencesUnresolved() throws IOException {
        ScriptDriverProperties properties = bind("""
                ledger:
                  executor:
                    drivers:
                      script:
                        commands:
                          UPGRADE_NODE: [pip, install, -U, "backend.ai-manager=={version}"]
                          MIGRATE_SCHEMA: [alembic, upgrade, head]
                          EXPORT_STATE: [/opt/ledger/bin/dump.sh, "{cluster}", "{param.database}"]
                          HALT_WORKLOADS: [sudo, systemctl, disable, --now, inmanta-server.service]
                        timeout: 15m
                        retryable-exit-codes: [75, 69]
                        max-output-bytes: 32768
                        environment:
                          PGUSER: inmanta
                          PGPASSWORD: \\${env:INMANTA_DB_PASSWORD}
                          API_TOKEN: Bearer \\${file:/run/secrets/api-token}
                        workdir: /var/lib/upgrade-ledger/script
                """);

        assertThat(properties.commands()).containsEntry(StepAction.UPGRADE_NODE,
                List.of("pip", "install", "-U", "backend.ai-manager=={version}"))
                .containsEntry(StepAction.EXPORT_STATE, List.of("/opt/ledger/bin/dump.sh", "{cluster}",
                        "{param.database}"))
                .hasSize(4);
        assertThat(properties.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.retryableExitCodes()).containsExactlyInAnyOrder(75, 69);
        assertThat(properties.maxOutputBytes()).isEqualTo(32768);
        assertThat(properties.environment()).isEqualTo(Map.of("PGUSER", "inmanta",
                "PGPASSWORD", "${env:INMANTA_DB_PASSWORD}", "API_TOKEN", "Bearer ${file:/run/secrets/api-token}"));
        assertThat(properties.workdir()).isEqualTo(Path.of("/var/lib/upgrade-ledger/script"));
        assertThat(properties.shell()).isFalse();
    }

    @Test
    void withoutConfigurationNothingIsConfiguredAndTheDefaultsApply() throws IOException {
        ScriptDriverProperties properties = bind("ledger: {}\n");

        assertThat(properties.commands()).isEmpty();
        assertThat(properties.shell()).isFalse();
        assertThat(properties.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.retryableExitCodes()).containsExactly(75);
        assertThat(properties.maxOutputBytes()).isEqualTo(16384);
        assertThat(properties.environment()).isEmpty();
        assertThat(properties.workdir())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "upgrade-ledger-script").toAbsolutePath());
    }

    @Test
    void aCommandWithoutArgumentsIsRefused() {
        assertThatThrownBy(() -> ScriptDriverProperties.of(Map.of(StepAction.VERIFY_NODE, List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the command of VERIFY_NODE needs at least one argument");
    }

    @Test
    void aShellQuotedValueKeepsItsSingleQuotes() {
        assertThat(CommandTemplate.shellQuoted("it's")).isEqualTo("'it'\\''s'");
    }

    private static ScriptDriverProperties bind(String yaml) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("test", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(source -> environment.getPropertySources().addFirst(source));
        return Binder.get(environment).bindOrCreate(PREFIX, ScriptDriverProperties.class);
    }
}
