package dev.upgradeledger.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;

class LedgerCorsPropertiesTest {

    @Test
    void originsAreTakenAsGivenWithoutBlanks() {
        LedgerCorsProperties cors = new LedgerCorsProperties(List.of(" http://127.0.0.1:8081", "",
                "https://console.example.com"));

        assertThat(cors.allowedOrigins()).containsExactly("http://127.0.0.1:8081", "https://console.example.com");
    }

    @Test
    void noneByDefault() {
        assertThat(new LedgerCorsProperties(null).allowedOrigins()).isEmpty();
        assertThat(new LedgerCorsProperties(List.of("")).allowedOrigins()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "http://*.example.com", "http://console.example.com/path", "ftp://example.com",
            "http://example.com?x=1", "http://user@example.com", "javascript:alert(1)", "example.com",
            "http://example.com#x", "http://exa mple.com"})
    void anythingButAnOriginStopsTheService(String origin) {
        assertThatThrownBy(() -> new LedgerCorsProperties(Arrays.asList(origin)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ledger.cors.allowed-origins");
    }

    @Test
    void theRulesCoverTheApiOnlyAndSendNoCredentials() {
        LedgerCorsProperties cors = new LedgerCorsProperties(List.of("http://127.0.0.1:8081"));

        CorsConfiguration api = cors.source().getCorsConfiguration(new MockHttpServletRequest("POST",
                "/api/v1/clusters/c1/upgrades/u1/resume"));
        assertThat(api).isNotNull();
        assertThat(api.checkOrigin("http://127.0.0.1:8081")).isEqualTo("http://127.0.0.1:8081");
        assertThat(api.checkOrigin("http://localhost:8081")).isNull();
        assertThat(api.getAllowCredentials()).isFalse();
        assertThat(api.getAllowedHeaders()).contains("Authorization", "Content-Type");
        assertThat(cors.source().getCorsConfiguration(new MockHttpServletRequest("GET", "/actuator/prometheus")))
                .isNull();
    }
}
