package dev.upgradeledger.executor.driver.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A configured command: its arguments with placeholders, run directly or by {@code /bin/sh -c}. */
record CommandTemplate(List<String> arguments, boolean shell) {

    /** The argv to start: placeholders replaced inside each argument, or inside the shell script, single-quoted. */
    List<String> render(Placeholders placeholders) throws Placeholders.Unresolvable {
        if (shell) {
            String script = placeholders.substitute(String.join(" ", arguments), CommandTemplate::shellQuoted);
            return List.of("/bin/sh", "-c", script);
        }
        List<String> argv = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
            argv.add(placeholders.substitute(argument, UnaryOperator.identity()));
        }
        return List.copyOf(argv);
    }

    static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
