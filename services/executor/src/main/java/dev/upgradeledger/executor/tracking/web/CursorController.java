package dev.upgradeledger.executor.tracking.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.executor.tracking.ClusterCursors;
import dev.upgradeledger.executor.tracking.ClusterCursors.ClusterCursor;
import dev.upgradeledger.support.web.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/cursors")
class CursorController {

    private final ClusterCursors cursors;

    CursorController(ClusterCursors cursors) {
        this.cursors = cursors;
    }

    /** How far the executor has read the history of every cluster it has seen. */
    @GetMapping
    List<ClusterCursor> all() {
        return cursors.all();
    }

    @GetMapping("/{clusterId}")
    ClusterCursor one(@PathVariable String clusterId) {
        ClusterId id = ClusterId.of(clusterId);
        return cursors.of(id).orElseThrow(() -> new CursorNotFoundException(id));
    }

    static class CursorNotFoundException extends ProblemException {

        CursorNotFoundException(ClusterId clusterId) {
            super(HttpStatus.NOT_FOUND, "cluster-not-found", "Cluster not found",
                    "The executor has seen no event of cluster " + clusterId);
        }
    }
}
