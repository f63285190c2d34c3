package dev.upgradeledger.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Content types found by the fuzz tests that ended in 500s before this check answered 415. */
class ContentTypeCheckTest {

    @Test
    void unreadableContentTypesAreNamed() {
        assertThat(ContentTypeCheck.problem("*/*")).contains("wildcard");
        assertThat(ContentTypeCheck.problem("application/*")).contains("wildcard");
        assertThat(ContentTypeCheck.problem("application/json; charset=ebcdic")).isNotNull();
        assertThat(ContentTypeCheck.problem("text/plain; charset=x-unknown-charset")).isNotNull();
        assertThat(ContentTypeCheck.problem("not a type")).contains("not a media type");
        assertThat(ContentTypeCheck.problem("application/x-www-form-urlencoded")).contains("forms");
        assertThat(ContentTypeCheck.problem("multipart/form-data; boundary=x")).contains("forms");
    }

    @Test
    void readableOnesPass() {
        assertThat(ContentTypeCheck.problem("application/json")).isNull();
        assertThat(ContentTypeCheck.problem("application/json; charset=UTF-8")).isNull();
        assertThat(ContentTypeCheck.problem("text/plain")).isNull();
    }
}
