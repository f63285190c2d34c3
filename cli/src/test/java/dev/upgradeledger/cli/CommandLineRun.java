package dev.upgradeledger.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of {@code ledger} with argv, an environment, and what it printed. */
record CommandLineRun(int exitCode, String out, String err) {

    static CommandLineRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ledger.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandLineRun(code, out.toString(), err.toString());
    }
}
