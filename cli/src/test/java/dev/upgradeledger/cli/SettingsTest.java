package dev.upgradeledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static final Settings.Flags NO_FLAGS = new Settings.Flags(null, null, null, null, null, null);

    @TempDir
    Path home;

    @Test
    void withNothingSetTheLocalStackIsUsed() {
        Settings settings = Settings.resolve(NO_FLAGS, Map.of("HOME", home.toString(), "USER", "alice"));

        assertThat(settings.server()).hasToString("http://localhost:8080");
        assertThat(settings.projectionServer()).hasToString("http://localhost:8081");
        assertThat(settings.executorServer()).hasToString("http://localhost:8082");
        assertThat(settings.token()).isNull();
        assertThat(settings.actor()).isEqualTo("alice");
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheConfigFile() throws IOException {
        Path config = home.resolve(".config/ledger/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                server = http://file:1
                projection-server = http://file:2
                executor-server = http://file:3/
                token = from-file
                actor = file-actor
                """);
        Map<String, String> env = Map.of("HOME", home.toString(), "LEDGER_PROJECTION_SERVER", "http://env:2",
                "LEDGER_TOKEN", "from-env");

        Settings settings = Settings.resolve(new Settings.Flags("https://flag:1", null, null, null, null, null), env);

        assertThat(settings.server()).hasToString("https://flag:1");
        assertThat(settings.projectionServer()).hasToString("http://env:2");
        assertThat(settings.executorServer()).as("a trailing slash is dropped").hasToString("http://file:3");
        assertThat(settings.token()).isEqualTo("from-env");
        assertThat(settings.actor()).isEqualTo("file-actor");
        assertThat(settings.configFile()).isEqualTo(config);
    }

    @Test
    void aConfigFileNamedButMissingIsAnErrorWhileTheDefaultOneMayBeAbsent() {
        Map<String, String> env = Map.of("HOME", home.toString(), "LEDGER_CONFIG", home.resolve("nope").toString());

        assertThatThrownBy(() -> Settings.resolve(NO_FLAGS, env))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void aServerThatIsNotAnHttpUrlIsRefusedWithAnExample() {
        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags("localhost:8080", null, null, null, null, null),
                Map.of("HOME", home.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server must be an http(s) URL such as http://localhost:8080, was localhost:8080");
    }
}
