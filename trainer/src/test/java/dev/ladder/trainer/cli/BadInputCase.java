package dev.ladder.trainer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One block of {@code bad-inputs.txt}: a name, set-up steps, the command line, the expected exit code, message
 * fragments and the paths the command may create. The file's header documents the format.
 */
record BadInputCase(String name, List<String> setup, String commandLine, int exitCode, List<String> says,
                    List<String> mayWrite) {

    /** A tiny run config: 1 layer, dModel 16, context 16, 20 steps of 4 sequences, one thread. */
    static final String TINY = "{\"model\": {\"nLayer\": 1, \"nHead\": 2, \"dModel\": 16, \"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4, \"tokens\": 1280, \"evalBatches\": 2,"
            + " \"threads\": 1}}";
    /** A tiny ladder config: 2 shapes × 1 budget at context 16. */
    static final String LADDER = "{\"name\": \"lad\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"train\": {\"batchSize\": 4, \"threads\": 1},"
            + " \"data\": {\"corpus\": \"synthetic:markov?chars=20000\"}},"
            + " \"grid\": {\"shapes\": [\"3.3k\", \"13k\"], \"tokensPerParam\": [4]}}";

    static List<BadInputCase> parse(String text) {
        List<BadInputCase> cases = new ArrayList<>();
        Builder current = null;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("== ")) {
                if (current != null) cases.add(current.build());
                current = new Builder(line.substring(3).strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (current == null || colon < 0) {
                throw new IllegalArgumentException("bad-inputs.txt line " + lineNumber + ": " + line);
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "file", "dir", "runs", "append" -> current.setup.add(key + " " + value);
                case "args" -> current.commandLine = value;
                case "exit" -> current.exitCode = Integer.parseInt(value);
                case "says" -> current.says.add(unescape(value));
                case "writes" -> current.mayWrite.add(value.toLowerCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("bad-inputs.txt line " + lineNumber + ": key " + key);
            }
        }
        if (current != null) cases.add(current.build());
        return cases;
    }

    /** The case's name as a folder name. */
    String slug() {
        return name.replaceAll("[^A-Za-z0-9]+", "-");
    }

    /** Creates the case's files under {@code tmp}. */
    void setUp(Path tmp) throws IOException {
        for (String step : setup) {
            String kind = step.substring(0, step.indexOf(' '));
            String rest = step.substring(kind.length() + 1);
            switch (kind) {
                case "dir" -> Files.createDirectories(tmp.resolve(rest));
                case "file", "append" -> {
                    int eq = rest.indexOf('=');
                    Path file = tmp.resolve(rest.substring(0, eq).strip());
                    Files.createDirectories(file.getParent());
                    String content = expand(unescape(rest.substring(eq + 1).strip()));
                    if (kind.equals("file")) {
                        Files.writeString(file, content, StandardCharsets.UTF_8);
                    } else {
                        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    }
                }
                case "runs" -> {
                    String[] words = rest.split("\\s+");
                    FakeRuns.write(tmp.resolve(words[0]), Integer.parseInt(words[1]),
                            words.length > 2 ? words[2] : "completed");
                }
                default -> throw new IllegalStateException(step);
            }
        }
    }

    /** The command line split into arguments ("..." groups words; \n in quotes is a newline). */
    List<String> args(Path tmp, Path cacheDir) {
        String line = commandLine.replace("{tmp}", tmp.toString()).replace("{cache}", cacheDir.toString());
        List<String> args = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                if (word == null) word = new StringBuilder();
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word != null) args.add(word.toString());
                word = null;
            } else {
                if (word == null) word = new StringBuilder();
                if (c == '\\' && quoted && i + 1 < line.length()) {
                    char next = line.charAt(++i);
                    word.append(next == 'n' ? '\n' : next);
                } else {
                    word.append(c);
                }
            }
        }
        if (word != null) args.add(word.toString());
        return args;
    }

    private static String expand(String content) {
        return content.replace("{TINY}", TINY).replace("{LADDER}", LADDER).replace("{BOM}", "\uFEFF");
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n").replace("\\t", "\t");
    }

    private static final class Builder {
        private final String name;
        private final List<String> setup = new ArrayList<>();
        private final List<String> says = new ArrayList<>();
        private final List<String> mayWrite = new ArrayList<>();
        private String commandLine;
        private int exitCode = ExitCode.INVALID_INPUT;

        Builder(String name) {
            this.name = name;
        }

        BadInputCase build() {
            if (commandLine == null) {
                throw new IllegalArgumentException("bad-inputs.txt: case " + name + " has no args");
            }
            return new BadInputCase(name, List.copyOf(setup), commandLine, exitCode, List.copyOf(says),
                    List.copyOf(mayWrite));
        }
    }
}
