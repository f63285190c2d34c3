package dev.upgradeledger.projection.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsolePropertiesTest {

    @Test
    void commandApisAddressAndItsOrigin() {
        ConsoleProperties properties = new ConsoleProperties("https://ledger.example.com:8443/");

        assertThat(properties.commandApiUrl()).isEqualTo("https://ledger.example.com:8443");
        assertThat(properties.commandApiOrigin()).isEqualTo("https://ledger.example.com:8443");
        assertThat(new ConsoleProperties("http://10.0.0.5:8080/ledger").commandApiOrigin())
                .isEqualTo("http://10.0.0.5:8080");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:8080", "javascript:alert(1)", "ftp://example.com",
            "http://example.com?x=1", "http://user:secret@example.com", "http://example.com/#x",
            "http://example.com; script-src *"})
    void anythingButAnHttpAddressStopsTheService(String url) {
        assertThatThrownBy(() -> new ConsoleProperties(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ledger.projection.console.command-api-url");
    }
}
