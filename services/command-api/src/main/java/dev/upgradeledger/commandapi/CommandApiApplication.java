package dev.upgradeledger.commandapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CommandApiApplication {

    public static void main(String[] args) {
        // The ledger runs without Axon Server and often without internet access: no update check.
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(CommandApiApplication.class, args);
    }
}
