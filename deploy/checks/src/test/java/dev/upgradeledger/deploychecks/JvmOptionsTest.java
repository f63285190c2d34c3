package dev.upgradeledger.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.local.ServiceProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compose and Kubernetes run the services with the memory-bounded JVM options the local stack, the system tests and
 * the benchmark use ({@link ServiceProcess#MEMORY_BOUNDED_JVM_OPTIONS}, docs/operations.md#memory) and the same malloc
 * arenas: a change to one that is not made to the others fails here.
 */
class JvmOptionsTest {

    private static final Pattern OPTIONS = Pattern.compile("(?m)^\\s*JAVA_TOOL_OPTIONS:\\s*(.+)$");
    private static final Pattern ARENAS = Pattern.compile("(?m)^\\s*MALLOC_ARENA_MAX:\\s*\"?(\\w+)\"?\\s*$");

    @ParameterizedTest
    @ValueSource(strings = {"compose/compose.yaml", "kubernetes/configmap.yaml"})
    void theServicesRunWithTheMemoryBoundedOptionsAndTwoMallocArenas(String file) {
        String text = DeployFiles.read(DeployFiles.deploy().resolve(file));

        List<List<String>> options = all(OPTIONS, text).stream().map(line -> Arrays.asList(line.trim().split("\\s+")))
                .toList();
        assertThat(options).as("JAVA_TOOL_OPTIONS in " + file).isNotEmpty().allSatisfy(each -> assertThat(each)
                .startsWith(ServiceProcess.MEMORY_BOUNDED_JVM_OPTIONS.toArray(String[]::new)));
        assertThat(all(ARENAS, text)).as("MALLOC_ARENA_MAX in " + file).isNotEmpty()
                .containsOnly(ServiceProcess.MALLOC_ARENAS);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
