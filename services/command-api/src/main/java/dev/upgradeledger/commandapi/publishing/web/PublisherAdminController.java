package dev.upgradeledger.commandapi.publishing.web;

import dev.upgradeledger.commandapi.publishing.PublisherAdministration;
import dev.upgradeledger.commandapi.publishing.PublisherAdministration.PublisherStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/publisher")
class PublisherAdminController {

    private final PublisherAdministration administration;

    PublisherAdminController(PublisherAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    PublisherStatus status() {
        return administration.status();
    }

    /** Re-publishes every stored event from the first one; answers 202 while the replay runs. */
    @PostMapping("/replay")
    ResponseEntity<PublisherStatus> replay() {
        return ResponseEntity.accepted().body(administration.replayFromStart());
    }
}
