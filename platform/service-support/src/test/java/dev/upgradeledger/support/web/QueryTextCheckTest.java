package dev.upgradeledger.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A NUL in a query parameter (GET /api/v1/clusters?product=%00 was a 500) is a 400 problem, the rest passes. */
class QueryTextCheckTest {

    @Test
    void aNulInAQueryParameterIsA400Problem() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/clusters");
        request.setQueryString("product=%00");
        request.addParameter("product", "\u0000");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        new QueryTextCheck().doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void anOrdinaryQueryPasses() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/clusters");
        request.setQueryString("product=camunda");
        request.addParameter("product", "camunda");
        MockFilterChain chain = new MockFilterChain();

        new QueryTextCheck().doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
    }
}
