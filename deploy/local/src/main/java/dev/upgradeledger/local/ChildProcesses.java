package dev.upgradeledger.local;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

final class ChildProcesses {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs the command in its own session when setsid is available, so that a Ctrl-C in the launcher's terminal
     * reaches only the launcher, which then stops its children in order. setsid execs in place, so the pid is the
     * command's own.
     */
    static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> detached = new ArrayList<>(command.size() + 1);
        detached.add(SETSID.toString());
        detached.addAll(command);
        return detached;
    }

    /** The last lines of what was written to the file after byte {@code offset}. */
    static String tail(Path file, long offset, int lines) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(Math.min(offset, channel.size()));
            String[] written = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8)
                    .split("\\R");
            return String.join(System.lineSeparator(),
                    Arrays.asList(written).subList(Math.max(0, written.length - lines), written.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
