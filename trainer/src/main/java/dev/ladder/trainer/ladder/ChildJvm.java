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

    /**
     * What the fast engine's CPU kernels need of the JVM (the launcher passes the same): the Vector API, an incubator
     * module in Java 17, and each of their vector loops compiled on its own, not inlined into its caller (faster
     * steps: {@code model/fast/HostLoops.java} says why and by how much). {@code quiet}: the JVM does not echo it.
     */
    public static final List<String> VECTOR_API = List.of("--add-modules", "jdk.incubator.vector",
            "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,dev.ladder.trainer.model.fast.HostLoops::*");

    private ChildJvm() {
    }

    /** {@code java <VECTOR_API flags> <memory flags> -cp <this class path> ...Main <args>}. */
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

    /**
     * Starts the child's ND4J with {@code threads} threads for its own operations: {@code OMP_NUM_THREADS}, which ND4J
     * reads at startup, because {@code Environment.setMaxThreads} does nothing in 1.0.0-M2.1 (measured: a worker asked
     * for 1 thread ran its kernels on 2, 1.35-1.55x slower on the classroom shapes). 0 leaves the variable alone.
     */
    public static ProcessBuilder limitThreads(ProcessBuilder builder, int threads) {
        if (threads > 0) builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        return builder;
    }
}
