package dev.upgradeledger.projection.recovery;

/** SQL text for names read from the catalog. */
final class Sql {

    private Sql() {
    }

    /** A quoted identifier, as PostgreSQL's {@code quote_ident} would always quote it. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
