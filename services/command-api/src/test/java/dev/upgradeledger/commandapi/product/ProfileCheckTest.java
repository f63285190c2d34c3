package dev.upgradeledger.commandapi.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A declared profile is read in the shape GET answers, and held to what the ledger can act on safely. */
class ProfileCheckTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ProfileCheck check = new ProfileCheck(json);

    @Test
    void aBuiltInProfileAsReadIsAcceptedAsItIs() {
        assertThat(check.read("backend.ai", asMap(BuiltInProfiles.BACKEND_AI))).isEqualTo(BuiltInProfiles.BACKEND_AI);
    }

    @Test
    void rulesLeftOutAreOn() {
        Map<String, Object> body = asMap(BuiltInProfiles.CAMUNDA);
        body.put("rules", Map.of("noRollingAcrossLines", false));
        ProductProfile read = check.read("camunda", body);
        assertThat(read.rules().noLineSkipping()).isTrue();
        assertThat(read.rules().noRollingAcrossLines()).isFalse();
    }

    @Test
    void anExtraStepThatWouldMoveANodeOrCarryShellTextIsRefused() {
        assertThatThrownBy(() -> check.read("backend.ai", withStep("UPGRADE_NODE", "{fromVersion}")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("action");
        assertThatThrownBy(() -> check.read("backend.ai", withStep("APPLY_MISSION_REVISIONS", "1.0; rm -rf /")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("previousVersion");
        assertThat(check.read("backend.ai", withStep("APPLY_MISSION_REVISIONS", "23.09.10")).extraSteps())
                .hasSize(1);
    }

    @Test
    void rolesAreNamesOfNodeRolesDeclaredOnceAndStepsNameThem() {
        Map<String, Object> twice = asMap(BuiltInProfiles.BACKEND_AI);
        twice.put("roles", List.of(Map.of("name", "agent", "rolling", true), Map.of("name", "agent", "rolling", true)));
        twice.put("schemaStepRole", null);
        twice.put("extraSteps", List.of());
        assertThatThrownBy(() -> check.read("backend.ai", twice)).hasMessageContaining("appears twice");
        Map<String, Object> badSchemaRole = asMap(BuiltInProfiles.BACKEND_AI);
        badSchemaRole.put("schemaStepRole", "scheduler");
        assertThatThrownBy(() -> check.read("backend.ai", badSchemaRole)).hasMessageContaining("schemaStepRole");
    }

    @Test
    void theProductNamedInTheProfileIsTheOneDeclaredAndACatalogComesWithValidLines() {
        assertThatThrownBy(() -> check.read("camunda", asMap(BuiltInProfiles.BACKEND_AI)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("not the product declared");
        Map<String, Object> badCatalog = asMap(BuiltInProfiles.CAMUNDA);
        badCatalog.put("catalog", Map.of("lines", List.of()));
        assertThatThrownBy(() -> check.read("camunda", badCatalog)).isInstanceOf(InvalidValueException.class);
        Map<String, Object> noScheme = asMap(BuiltInProfiles.CAMUNDA);
        noScheme.remove("versionScheme");
        assertThatThrownBy(() -> check.read("camunda", noScheme)).isInstanceOf(InvalidValueException.class);
    }

    private Map<String, Object> withStep(String action, String previousVersion) {
        Map<String, Object> body = asMap(BuiltInProfiles.BACKEND_AI);
        body.put("extraSteps", List.of(Map.of("when", "MAJOR", "role", "manager", "action", action,
                "parameters", Map.of("previousVersion", previousVersion))));
        return body;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(ProductProfile profile) {
        return new LinkedHashMap<>(json.convertValue(profile, Map.class));
    }
}
