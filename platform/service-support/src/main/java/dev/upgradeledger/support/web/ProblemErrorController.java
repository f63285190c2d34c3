package dev.upgradeledger.support.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors that never reached a controller advice (a path nothing serves, an error raised by the servlet
 * container or a filter) as problem details too, instead of Spring Boot's legacy error JSON.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = status == HttpStatus.NOT_FOUND && path != null
                ? "Nothing is served at " + path
                : status.getReasonPhrase();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ProblemTypes.forStatus(status.value()));
        return ResponseEntity.status(status).body(body);
    }
}
