package dev.upgradeledger.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/** Ordered before Spring Boot's error MVC configuration so that its legacy error controller backs off. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({LedgerProblemHandler.class, ProblemErrorController.class})
public class ProblemHandlingConfiguration {
}
