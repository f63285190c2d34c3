package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.DeclareProductProfile;
import dev.upgradeledger.events.InputLimits;
import dev.upgradeledger.support.web.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product profiles: what each guide asks for (catalog and rules, version scheme, drift, roles in order, extra
 * steps, halting workloads), declared once per product and versioned by events ({@link Product}). Version 0 of the
 * five guides' products is built in; {@code PUT} declares the next version, for every cluster of the product.
 */
@RestController
@RequestMapping("/api/v1/products")
class ProductController {

    private final ProductProfiles profiles;
    private final ProductCommands commands;
    private final JdbcClient jdbc;

    ProductController(ProductProfiles profiles, ProductCommands commands, JdbcClient jdbc) {
        this.profiles = profiles;
        this.commands = commands;
        this.jdbc = jdbc;
    }

    /**
     * The current profile of every product that has one: the five guides' products in their order, then every other
     * declared one by name.
     */
    @GetMapping
    List<ProductProfile> profiles() {
        Set<String> products = new LinkedHashSet<>();
        BuiltInProfiles.ALL.forEach(profile -> products.add(profile.product()));
        String prefix = Product.aggregateId("");
        products.addAll(new TreeSet<>(jdbc.sql("SELECT aggregateidentifier FROM domainevententry WHERE payloadtype = ?")
                .param(ProductProfileDeclared.class.getName()).query(String.class).list().stream()
                .map(id -> id.substring(prefix.length())).toList()));
        return products.stream().map(profiles::current).flatMap(Optional::stream)
                .map(ProductProfiles.Versioned::profile).toList();
    }

    /** The product's current profile (its last declared version, else the built-in one). */
    @GetMapping("/{product}")
    ResponseEntity<?> profile(@PathVariable String product) {
        InputLimits.requireProduct(product);
        return found(product, profiles.current(product).map(ProductProfiles.Versioned::profile));
    }

    /** Every version of the product's profile, oldest first, with who declared it, when and why. */
    @GetMapping("/{product}/versions")
    ResponseEntity<?> versions(@PathVariable String product) {
        InputLimits.requireProduct(product);
        List<ProductProfiles.Versioned> versions = profiles.history(product);
        return found(product, versions.isEmpty() ? Optional.empty() : Optional.of(new ProfileHistory(product,
                versions.get(versions.size() - 1).version(), versions)));
    }

    /** One version of the product's profile. */
    @GetMapping("/{product}/versions/{version}")
    ResponseEntity<?> version(@PathVariable String product, @PathVariable long version) {
        InputLimits.requireProduct(product);
        return found(product, profiles.version(product, version));
    }

    /**
     * Declares the next version of the product's profile (operator on the product, or on everything): the whole
     * profile, why, and optionally the version it was made from. A profile equal to the current declared version
     * changes nothing ({@code "changed": false}).
     */
    @PutMapping("/{product}")
    ProfileVersion declare(@PathVariable String product, @RequestBody DeclareProfileRequest request,
                           Authentication actor,
                           @RequestHeader(value = RequestAudit.CORRELATION_HEADER, required = false)
                           String correlationId) {
        InputLimits.requireProduct(product);
        return commands.send(new DeclareProductProfile(product, request.profile(), request.reason(),
                request.expectedVersion()), RequestAudit.of(actor, correlationId));
    }

    /** Every version of a product's profile; {@code current} is the one in force. */
    record ProfileHistory(String product, long current, List<ProductProfiles.Versioned> versions) {
    }

    /**
     * The body of {@code PUT /api/v1/products/{product}}, and of {@code DeclareProductProfile} over Kafka (with
     * {@code product}).
     */
    record DeclareProfileRequest(
            @Schema(description = "the whole profile, as GET /api/v1/products/{product} answers it",
                    requiredMode = Schema.RequiredMode.REQUIRED) Map<String, Object> profile,
            @Schema(description = "why the profile changes (1-500 characters)",
                    requiredMode = Schema.RequiredMode.REQUIRED) String reason,
            @Schema(description = "the version this profile was made from; another current version answers 409"
                    + " profile-version-conflict") Long expectedVersion) {
    }

    private static ResponseEntity<?> found(String product, Optional<?> body) {
        return body.<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No profile for product " + product + " (or not that version); the built-in ones are "
                            + BuiltInProfiles.ALL.stream().map(ProductProfile::product).toList()
                            + ", and PUT /api/v1/products/{product} declares one");
            problem.setType(ProblemTypes.of("product-not-found"));
            problem.setTitle("Product not found");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        });
    }
}
