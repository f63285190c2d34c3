package dev.upgradeledger.cli;

/** What {@code ledger}'s exit status means; scripts may rely on these. */
public final class ExitCodes {

    /** Done: the command was accepted, the query answered, the upgrade followed reached COMPLETED or FINALIZED. */
    public static final int OK = 0;
    /** A failure of the tool or the service: unreachable, a 5xx, an answer it cannot read. */
    public static final int ERROR = 1;
    /** Refused: the ledger answered a 4xx problem (invalid request, a rule, the cluster's state); nothing changed. */
    public static final int REFUSED = 2;
    /** The upgrade followed stopped short: PAUSED, FAILED, ABORTED, ROLLED_BACK or REJECTED. */
    public static final int STOPPED = 3;
    /** Not found: the cluster, upgrade, snapshot... is unknown (404). */
    public static final int NOT_FOUND = 4;
    /** The follow gave up after --timeout without the upgrade reaching an end. */
    public static final int TIMED_OUT = 5;
    /** The command line itself is wrong (unknown option, missing argument), as sysexits' EX_USAGE. */
    public static final int USAGE = 64;

    private ExitCodes() {
    }

    /** The exit status for a problem answer with this HTTP status. */
    static int forHttpStatus(int status) {
        if (status == 404) {
            return NOT_FOUND;
        }
        return status >= 400 && status < 500 ? REFUSED : ERROR;
    }
}
