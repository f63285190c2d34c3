package dev.upgradeledger.executor.driver;

import dev.upgradeledger.events.InputLimits;
import dev.upgradeledger.events.InvalidValueException;
import java.util.Optional;

/**
 * The environment names of the Inmanta migration's steps ({@code parameters.environment}, and the comma-separated
 * {@code parameters.environments}) reach a driver's command line or request: each is checked as a node group name
 * (1-64 letters, digits, '.', '_' or '-', as at registration) before any driver acts on it.
 */
public final class EnvironmentParameters {

    public static final String ENVIRONMENT = "environment";
    public static final String ENVIRONMENTS = "environments";

    private EnvironmentParameters() {
    }

    /** A failure for good naming the bad value, or empty when every environment name is well formed. */
    public static Optional<ActionResult> invalid(ActionContext context) {
        try {
            String environment = context.parameters().get(ENVIRONMENT);
            if (environment != null) {
                InputLimits.requireNodeGroup(environment);
            }
            String environments = context.parameters().get(ENVIRONMENTS);
            if (environments != null) {
                for (String name : environments.split(",", -1)) {
                    InputLimits.requireNodeGroup(name);
                }
            }
            return Optional.empty();
        } catch (InvalidValueException e) {
            return Optional.of(ActionResult.failed("invalid-environment", "step " + context.stepId() + " ("
                    + context.action() + "): environment " + e.getMessage(), false));
        }
    }
}
