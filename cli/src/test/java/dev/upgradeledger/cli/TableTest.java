package dev.upgradeledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAlignedTwoSpacesApartWithUpperCaseHeadersAndDashesForNothing() {
        StringWriter text = new StringWriter();

        new Table("node", "version", "state").row("engine-1", "7.6", "IN_SERVICE").row("e2", null, "ISOLATED")
                .print(new PrintWriter(text));

        assertThat(text.toString().lines()).containsExactly(
                "NODE      VERSION  STATE",
                "engine-1  7.6      IN_SERVICE",
                "e2        -        ISOLATED");
    }

    @Test
    void fieldsAreAlignedOnTheirLabels() {
        StringWriter text = new StringWriter();

        new Table.Fields().add("Cluster", "camunda-eu").add("Mixed-version window", "yes")
                .print(new PrintWriter(text), "  ");

        assertThat(text.toString().lines()).containsExactly(
                "  Cluster:               camunda-eu",
                "  Mixed-version window:  yes");
    }

    @Test
    void aBarIsFilledInProportionAndEmptyForNothingToDo() {
        assertThat(Table.bar(7, 13, 20)).isEqualTo("[###########---------]");
        assertThat(Table.bar(13, 13, 10)).isEqualTo("[##########]");
        assertThat(Table.bar(0, 0, 4)).isEqualTo("[----]");
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(Json.duration(java.time.Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Json.duration(java.time.Duration.ofMillis(12_340))).isEqualTo("12.3 s");
        assertThat(Json.duration(java.time.Duration.ofSeconds(245))).isEqualTo("4m 05s");
        assertThat(Durations.parse("--timeout", "10m")).hasMinutes(10);
        assertThat(Durations.parse("--timeout", "PT30S")).hasSeconds(30);
        assertThat(Durations.parse("--interval", "500ms")).hasMillis(500);
    }
}
