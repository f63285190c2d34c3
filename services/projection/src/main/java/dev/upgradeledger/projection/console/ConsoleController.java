package dev.upgradeledger.projection.console;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's settings, read by its pages at load: where command-api is, and where people sign in (null: they paste a
 * token). Holds no data; open like the pages.
 */
@RestController
@Hidden
class ConsoleController {

    private final ConsoleProperties properties;

    ConsoleController(ConsoleProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/console/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("commandApiUrl", properties.commandApiUrl());
        ConsoleProperties.SignIn signIn = properties.signIn();
        config.put("signIn", signIn.enabled() ? Map.of("authorizationUri", signIn.authorizationUri(),
                "tokenUri", signIn.tokenUri(), "clientId", signIn.clientId(), "scope", signIn.scope()) : null);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }
}
