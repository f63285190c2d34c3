package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.support.web.ProblemTypes;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product profiles: what each guide asks for (catalog and rules, version scheme, drift, roles in order, extra
 * steps, halting workloads), to read and copy. Today the five built-in profiles, read-only; a cluster of the product
 * takes its {@code allowVersionDrift} from it. Declaring and versioning profiles by events is still to come.
 */
@RestController
@RequestMapping("/api/v1/products")
class ProductController {

    @GetMapping
    List<ProductProfile> profiles() {
        return BuiltInProfiles.ALL;
    }

    @GetMapping("/{product}")
    ResponseEntity<?> profile(@PathVariable String product) {
        return BuiltInProfiles.find(product).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No profile for product " + product + "; the built-in ones are "
                            + BuiltInProfiles.ALL.stream().map(ProductProfile::product).toList());
            problem.setType(ProblemTypes.of("product-not-found"));
            problem.setTitle("Product not found");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        });
    }
}
