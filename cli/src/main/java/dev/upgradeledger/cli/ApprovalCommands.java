package dev.upgradeledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ledger approval approve|reject CLUSTER UPGRADE STEP}: answer the APPROVAL step an upgrade waits for. */
@Command(name = "approval", aliases = "approvals", description = "Answer the APPROVAL step an upgrade waits for"
        + " (AWAITING_APPROVAL); the step id is in the plan (action APPROVAL).",
        subcommands = {ApprovalCommands.Approve.class, ApprovalCommands.Reject.class})
final class ApprovalCommands {

    private ApprovalCommands() {
    }

    /** An answer to one approval step, with an optional reason recorded beside the caller. */
    abstract static class Answer extends UpgradeCommands.Operate {

        @Parameters(index = "2", paramLabel = "STEP", description = "the APPROVAL step, e.g. s0.0")
        String stepId;

        @Option(names = "--reason", description = "recorded with the answer")
        String reason;

        abstract String verb();

        @Override
        String action() {
            return "approvals/" + Paths.segment(stepId) + "/" + verb();
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "approve", description = "Approve: the upgrade goes on; the same approval again counts once.")
    static final class Approve extends Answer {

        @Override
        String verb() {
            return "approve";
        }
    }

    @Command(name = "reject", description = "Reject: recorded with who and why; the upgrade is aborted.")
    static final class Reject extends Answer {

        @Override
        String verb() {
            return "reject";
        }
    }
}
