package dev.upgradeledger.executor.driver.simulated;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.InputLimits;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.support.web.EnumValues;
import dev.upgradeledger.support.web.ProblemException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The simulated fleet's real state and the actions it received, and fault injection, under /api/v1/simulated. */
@ConditionalOnBooleanProperty("ledger.executor.drivers.simulated.enabled")
@RestController
@RequestMapping("/api/v1/simulated")
class SimulatedFleetController {

    private final SimulatedFleet fleet;
    private final FaultInjector faults;

    SimulatedFleetController(SimulatedFleet fleet, FaultInjector faults) {
        this.fleet = fleet;
        this.faults = faults;
    }

    /** Each simulated node's version and state, and every action with its idempotency key and delivery count. */
    @GetMapping("/clusters/{clusterId}")
    SimulatedFleet.FleetView cluster(@PathVariable String clusterId) {
        return fleet.view(ClusterId.of(clusterId).value()).orElseThrow(() -> new NotSimulated(clusterId));
    }

    /**
     * Injects a fault into the next {@code times} matching actions: {@code {"clusterId","nodeId"?,"action",
     * "mode":"FAIL"|"HANG"|"CRASH_AFTER_ACTING"|"DELAY"|"STATE_DIFFERS","times":1,"retryable":true,"delay":"15s"}}
     * ({@code delay} only for DELAY: a duration such as 1500ms, 15s or PT1H; STATE_DIFFERS: a CHECK_STATE answers the
     * checksum of a partial copy of the state); {@code "environment"} limits it to the steps of one environment (an
     * Inmanta compile that fails for one environment).
     */
    @ApiResponse(responseCode = "201", description = "injected")
    @PostMapping("/faults")
    ResponseEntity<Fault> inject(@RequestBody FaultBody body) {
        Fault fault = body.toFault();
        faults.add(fault);
        return ResponseEntity.status(HttpStatus.CREATED).body(fault);
    }

    @GetMapping("/faults")
    List<Fault> pending() {
        return faults.pending();
    }

    @ApiResponse(responseCode = "204", description = "every pending fault cleared")
    @DeleteMapping("/faults")
    ResponseEntity<Void> clear() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    record FaultBody(String clusterId, String nodeId, String action, String mode, Integer times, Boolean retryable,
                     String delay, String environment) {

        Fault toFault() {
            InputLimits.requireNodeGroup(environment);
            return new Fault(ClusterId.of(clusterId).value(), nodeId,
                    EnumValues.named(StepAction.class, "action", action),
                    EnumValues.named(Fault.Mode.class, "mode", mode), times == null ? 1 : Math.max(1, times),
                    retryable == null || retryable, duration(delay), environment);
        }

        private static Duration duration(String delay) {
            if (delay == null || delay.isBlank()) {
                return Duration.ZERO;
            }
            try {
                return DurationStyle.detectAndParse(delay);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("delay must be a duration such as 1500ms, 15s or PT1H, was \""
                        + delay + "\"");
            }
        }
    }

    static class NotSimulated extends ProblemException {

        NotSimulated(String clusterId) {
            super(HttpStatus.NOT_FOUND, "cluster-not-found", "Cluster not found",
                    "No cluster " + clusterId + " in the simulated fleet");
        }
    }
}
