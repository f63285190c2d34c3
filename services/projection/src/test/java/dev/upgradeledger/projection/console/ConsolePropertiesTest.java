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

    @Test
    void aSignInAtTheIssuerIsOffUntilBothEndpointsAreGivenAndItsTokenEndpointMayBeFetched() {
        ConsoleProperties off = new ConsoleProperties("http://127.0.0.1:8080");
        assertThat(off.signIn().enabled()).isFalse();
        assertThat(off.connectSources()).isEqualTo("http://127.0.0.1:8080");

        ConsoleProperties on = new ConsoleProperties("http://127.0.0.1:8080", new ConsoleProperties.SignIn(
                "http://127.0.0.1:9000/oauth2/authorize", "http://127.0.0.1:9000/oauth2/token", "ledger-console",
                "openid"));
        assertThat(on.signIn().enabled()).isTrue();
        assertThat(on.connectSources()).isEqualTo("http://127.0.0.1:8080 http://127.0.0.1:9000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/oauth2/authorize|", "|http://127.0.0.1:9000/oauth2/token",
            "javascript:alert(1)|http://127.0.0.1:9000/oauth2/token",
            "http://127.0.0.1:9000/oauth2/authorize|http://127.0.0.1:9000/oauth2/token; connect-src *"})
    void aSignInNeedsBothEndpointsAsHttpAddresses(String uris) {
        String[] both = uris.split("\\|", -1);
        assertThatThrownBy(() -> new ConsoleProperties.SignIn(both[0], both[1], "ledger-console", "openid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ledger.projection.console.sign-in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ledger console", "a&b=c", "x\"y"})
    void aClientIdIsAPlainName(String clientId) {
        assertThatThrownBy(() -> new ConsoleProperties.SignIn("https://issuer.example/authorize",
                "https://issuer.example/token", clientId, "openid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client-id");
    }
}
