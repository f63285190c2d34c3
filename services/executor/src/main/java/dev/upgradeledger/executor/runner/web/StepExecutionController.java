package dev.upgradeledger.executor.runner.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.executor.runner.StepExecutions;
import dev.upgradeledger.executor.runner.StepExecutions.Execution;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/steps")
class StepExecutionController {

    private final StepExecutions executions;

    StepExecutionController(StepExecutions executions) {
        this.executions = executions;
    }

    /** Every (step, attempt) the executor performed for a cluster, with the outcome it reported. */
    @GetMapping
    List<Execution> of(@RequestParam String clusterId) {
        return executions.of(ClusterId.of(clusterId).value());
    }
}
