package dev.upgradeledger.projection.recovery.web;

import dev.upgradeledger.projection.recovery.RecoveryProblem;
import dev.upgradeledger.projection.recovery.RecoveryWindow;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Answers queries with 503 {@code read-models-recovering} (and {@code Retry-After}) while a recovery replaces them. */
@Configuration(proxyBeanMethods = false)
class RecoveringQueriesInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final RecoveryWindow window;

    RecoveringQueriesInterceptor(RecoveryWindow window) {
        this.window = window;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (window.restoring()) {
            response.setHeader("Retry-After", "2");
            throw RecoveryProblem.recovering();
        }
        return true;
    }
}
