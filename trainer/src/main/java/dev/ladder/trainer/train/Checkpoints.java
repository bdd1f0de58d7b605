package dev.ladder.trainer.train;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The run's latest checkpoint, {@code checkpoint/}: state.json ({@link TrainState}) and arrays.bin (parameters, then
 * Adam's first and second moments, each array as its name, length and little-endian float32 values, in
 * {@link dev.ladder.trainer.model.ParamLayout} order). A checkpoint is written into a temporary folder that is then
 * renamed into place, so a crash mid-write leaves the previous checkpoint valid.
 */
public final class Checkpoints {

    private static final String MAGIC = "ladder-checkpoint-v1";

    private final Path dir;

    /** @param dir the run's checkpoint folder, e.g. {@code runs/single/tiny-L2-d64-s1/checkpoint} */
    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /** The folder where a WSD stable run keeps its checkpoint of step {@code step} for the branches starting there. */
    public static Path branchPoint(RunDirectory stable, long step) {
        return stable.dir().resolve("branch-points").resolve("step-" + step);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a new checkpoint atomically, replacing the previous one. */
    public void save(TrainState state, Parameters params, AdamW adam) {
        Path parent = dir.toAbsolutePath().getParent();
        Path old = parent.resolve(dir.getFileName() + ".old");
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
            writeArrays(tmp.resolve("arrays.bin"), List.of(params, adam.firstMoment(), adam.secondMoment()));
            RunJson.writeAtomically(tmp.resolve("state.json"), state);
            deleteTree(old);
            if (Files.isDirectory(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir, e);
        }
    }

    /**
     * Restores the latest checkpoint into {@code params} and {@code adam}, returning its state; empty when the run
     * has none. Falls back to the previous checkpoint when a crash came between the two renames of {@link #save}.
     */
    public Optional<TrainState> load(Parameters params, AdamW adam) {
        Path source = Files.isDirectory(dir) ? dir : dir.resolveSibling(dir.getFileName() + ".old");
        if (!Files.isRegularFile(source.resolve("state.json"))) return Optional.empty();
        try {
            TrainState state = RunJson.MAPPER.readValue(source.resolve("state.json").toFile(), TrainState.class);
            readArrays(source.resolve("arrays.bin"), List.of(params, adam.firstMoment(), adam.secondMoment()));
            return Optional.of(state);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read checkpoint (" + e.getMessage()
                    + "); delete the folder to start the run again", e);
        }
    }

    private static void writeArrays(Path file, List<Parameters> groups) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream stream = Channels.newOutputStream(channel);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16))) {
            out.writeUTF(MAGIC);
            for (Parameters group : groups) {
                for (ParamSpec spec : group.specs()) {
                    float[] values = group.get(spec.name()).dup('c').data().asFloat();
                    out.writeUTF(spec.name());
                    out.writeInt(values.length);
                    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(values);
                    out.write(bytes.array());
                }
            }
            out.flush();
            channel.force(true);
        }
    }

    private static void readArrays(Path file, List<Parameters> groups) throws IOException {
        try (InputStream stream = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) throw new IOException("not a " + MAGIC + " file");
            for (Parameters group : groups) {
                for (ParamSpec spec : group.specs()) {
                    String name = in.readUTF();
                    int length = in.readInt();
                    if (!name.equals(spec.name()) || length != spec.size()) {
                        throw new IOException("holds " + name + " x " + length + " where the model has "
                                + spec.name() + " x " + spec.size() + " (was the config changed?)");
                    }
                    byte[] bytes = in.readNBytes(length * Float.BYTES);
                    float[] values = new float[length];
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                    INDArray target = group.get(spec.name());
                    target.assign(Nd4j.create(values, target.shape(), 'c'));
                }
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
