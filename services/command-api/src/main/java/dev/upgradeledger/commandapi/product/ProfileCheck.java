package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.InputLimits;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.Version;
import java.lang.reflect.RecordComponent;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a declared profile (the JSON object of {@code PUT /api/v1/products/{product}} or of a
 * {@code DeclareProductProfile} over Kafka: the shape {@code GET /api/v1/products/{product}} answers) into a
 * {@link ProductProfile}, and holds it to the bounds the ledger can act on, before anything is stored: the same checks
 * for REST and Kafka. Extra steps reach the executor's drivers (a script's placeholders), so their actions and
 * parameters are held to what a driver can take safely. A catalog's rules left out are on, as at registration.
 */
@Component
public class ProfileCheck {

    static final int MAX_ROLES = 32;
    static final int MAX_EXTRA_STEPS = 16;
    static final int MAX_PARAMETERS = 8;
    static final int MAX_GUIDE = 2_000;
    /** What an extra step may do: act on one node without changing its version or its place in service. */
    static final Set<StepAction> EXTRA_STEP_ACTIONS = EnumSet.of(StepAction.APPLY_MISSION_REVISIONS,
            StepAction.VERIFY_NODE);
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,31}");
    private static final Set<String> PLACEHOLDERS = Set.of("{fromVersion}", "{toVersion}");

    private final JsonMapper json;

    ProfileCheck(JsonMapper json) {
        this.json = json;
    }

    /**
     * @throws InvalidValueException naming the field and the rule it breaks
     */
    public ProductProfile read(String product, Map<String, Object> body) {
        InputLimits.requireProduct(product);
        if (body == null) {
            throw new InvalidValueException("profile is required");
        }
        Map<String, Object> copy = new LinkedHashMap<>(body);
        Object named = copy.get("product");
        if (named != null && !product.equals(named)) {
            throw new InvalidValueException("profile.product " + named + " is not the product declared, " + product);
        }
        copy.put("product", product);
        if (copy.get("catalog") != null) {
            copy.put("rules", rulesWithDefaults(copy.get("rules")));
        }
        ProductProfile profile;
        try {
            profile = json.convertValue(copy, ProductProfile.class);
        } catch (JacksonException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof InvalidValueException)) {
                cause = cause.getCause();
            }
            throw new InvalidValueException("profile is not a valid product profile: " + (cause instanceof
                    InvalidValueException ? cause.getMessage() : rootMessage(e)));
        }
        check(profile);
        return profile;
    }

    private static Map<String, Object> rulesWithDefaults(Object given) {
        Map<String, Object> rules = new LinkedHashMap<>();
        if (given instanceof Map<?, ?> map) {
            map.forEach((name, value) -> rules.put(String.valueOf(name), value));
        } else if (given != null) {
            throw new InvalidValueException("profile.rules must be an object of booleans");
        }
        for (RecordComponent rule : PolicyRules.class.getRecordComponents()) {
            if (rules.get(rule.getName()) == null) {
                rules.put(rule.getName(), true);
            }
        }
        return rules;
    }

    private static void check(ProductProfile profile) {
        require(profile.guide() == null || (profile.guide().length() <= MAX_GUIDE
                && profile.guide().chars().noneMatch(Character::isISOControl)),
                "profile.guide must be at most " + MAX_GUIDE + " characters without control characters");
        require(profile.roles().size() <= MAX_ROLES, "profile.roles may name at most " + MAX_ROLES + " roles");
        Set<String> roles = new HashSet<>();
        for (ProductProfile.Role role : profile.roles()) {
            require(role != null && role.name() != null, "profile.roles: every role needs a name");
            InputLimits.requireNodeRole(role.name());
            require(roles.add(role.name()), "profile.roles: role " + role.name() + " appears twice");
        }
        require(profile.schemaStepRole() == null || roles.contains(profile.schemaStepRole()),
                "profile.schemaStepRole " + profile.schemaStepRole() + " is not one of the roles " + roles);
        require(profile.extraSteps().size() <= MAX_EXTRA_STEPS,
                "profile.extraSteps may hold at most " + MAX_EXTRA_STEPS + " steps");
        for (ProductProfile.ExtraStep step : profile.extraSteps()) {
            require(step != null, "profile.extraSteps must not contain null");
            require(ProductProfile.MAJOR.equals(step.when()) || ProductProfile.EVERY_HOP.equals(step.when()),
                    "profile.extraSteps[].when must be " + ProductProfile.MAJOR + " or " + ProductProfile.EVERY_HOP
                            + ", was " + step.when());
            require(step.role() != null && roles.contains(step.role()),
                    "profile.extraSteps[].role " + step.role() + " is not one of the roles " + roles);
            require(step.action() != null && EXTRA_STEP_ACTIONS.stream().anyMatch(a -> a.name().equals(step.action())),
                    "profile.extraSteps[].action must be one of " + EXTRA_STEP_ACTIONS + ", was " + step.action());
            require(step.parameters().size() <= MAX_PARAMETERS,
                    "profile.extraSteps[].parameters may hold at most " + MAX_PARAMETERS + " entries");
            step.parameters().forEach((name, value) -> {
                require(name != null && PARAMETER_NAME.matcher(name).matches(), "profile.extraSteps[].parameters:"
                        + " a name must be 1-32 letters or digits starting with a letter, was " + name);
                require(value != null && (PLACEHOLDERS.contains(value) || isVersion(value)),
                        "profile.extraSteps[].parameters." + name + " must be {fromVersion}, {toVersion} or a"
                                + " version, was " + value);
            });
        }
    }

    private static boolean isVersion(String value) {
        try {
            Version.of(value);
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidValueException(message);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root instanceof JacksonException jackson ? jackson.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
