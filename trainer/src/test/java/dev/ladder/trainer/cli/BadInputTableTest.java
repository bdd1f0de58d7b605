package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.cli.InProcessCli.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input in {@code bad-inputs.txt} (one case per block: command line, files to create, expected exit code
 * and message fragments) run through the real {@code ladder} command in this process. Each case checks the exit
 * code, that every fragment is in the message, that no stack trace or usage text is printed, and (unless the case
 * says what it may write) that nothing was created beside the case's own files. A new subcommand joins by adding
 * blocks to the file; the format is described at its top.
 */
class BadInputTableTest {

    private static final String TABLE = "bad-inputs.txt";

    @TempDir
    static Path cache;
    @TempDir
    static Path root;

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRefusedCleanly() throws IOException {
        List<BadInputCase> cases = BadInputCase.parse(read());
        assertThat(cases).hasSizeGreaterThan(50);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(BadInputCase c) throws IOException {
        Path tmp = Files.createDirectories(root.resolve(c.slug()));
        c.setUp(tmp);
        Set<String> before = listing(tmp);
        List<String> args = c.args(tmp, cache);
        Result result = InProcessCli.run(args.toArray(String[]::new));
        String shown = "ladder " + String.join(" ", args) + "\nstdout: " + result.out() + "\nstderr: " + result.err();
        assertThat(result.exitCode()).as(shown).isEqualTo(c.exitCode());
        String message = c.exitCode() == ExitCode.OK ? result.out() + result.err() : result.err();
        for (String fragment : c.says()) {
            assertThat(message).as(shown).contains(fragment.replace("{tmp}", tmp.toString()));
        }
        assertThat(result.err()).as(shown).doesNotContain("\tat ").doesNotContain("Usage:")
                .doesNotContain("internal error").doesNotContain("Exception");
        if (c.exitCode() == ExitCode.INVALID_INPUT) {
            assertThat(result.err().strip().lines().count()).as(shown).isLessThanOrEqualTo(2);
        }
        Set<String> created = new TreeSet<>(listing(tmp));
        created.removeAll(before);
        created.removeIf(p -> c.mayWrite().stream().anyMatch(p::startsWith));
        assertThat(created).as("files written by " + shown).isEmpty();
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            Set<String> names = new TreeSet<>();
            all.forEach(p -> names.add(dir.relativize(p).toString().toLowerCase(Locale.ROOT)));
            return names;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String read() throws IOException {
        try (InputStream in = BadInputTableTest.class.getResourceAsStream(TABLE)) {
            assertThat(in).as(TABLE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
