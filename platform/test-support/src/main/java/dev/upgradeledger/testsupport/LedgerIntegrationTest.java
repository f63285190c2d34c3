package dev.upgradeledger.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot test of a whole service on a random port against the real PostgreSQL and Kafka of
 * {@link LedgerInfrastructure}. Every test class of a module that uses only this annotation shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(LedgerInfrastructureConfiguration.class)
public @interface LedgerIntegrationTest {
}
