package dev.ladder.trainer.ladder;

import dev.ladder.trainer.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs {@code ladder ARGS} in a new JVM like this one (this JVM's {@code java} and class path,
 * so it works from the jar, from Maven's test runner and from an IDE alike) under the memory limits of the model it
 * will train: how {@code ladder run} starts its workers and {@code ladder bench} measures each shape.
 */
public final class ChildJvm {

    /** The fast engine's CPU kernels use the Vector API, an incubator module in Java 17 (see the launcher). */
    public static final List<String> VECTOR_API = List.of("--add-modules", "jdk.incubator.vector");

    private ChildJvm() {
    }

    /** {@code java --add-modules jdk.incubator.vector <memory flags> -cp <this class path> ...Main <args>}. */
    public static List<String> ladder(JvmMemory memory, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(VECTOR_API);
        command.addAll(memory.flags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        return List.copyOf(command);
    }
}
