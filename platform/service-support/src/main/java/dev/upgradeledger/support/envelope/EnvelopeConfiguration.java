package dev.upgradeledger.support.envelope;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

@AutoConfiguration
public class EnvelopeConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EnvelopeCodec envelopeCodec() {
        return new EnvelopeCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    CommandCodec commandCodec() {
        return new CommandCodec();
    }
}
