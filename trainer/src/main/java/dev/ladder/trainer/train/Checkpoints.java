package dev.ladder.trainer.train;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.FaultPoint;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The run's latest checkpoint, {@code checkpoint/}: state.json ({@link TrainState}) and arrays.bin (parameters, then
 * Adam's first and second moments, each array as its name, length and little-endian float32 values, in
 * {@link dev.ladder.trainer.model.ParamLayout} order, then the CRC-32 of everything before it). A checkpoint is written
 * into a temporary folder, forced to disk and then renamed into place, so a crash or a full disk mid-write leaves the
 * previous checkpoint valid. A checkpoint that cannot be read (cut short, bit rot: its checksum fails) is moved aside
 * to {@code checkpoint.corrupt-N/} with a warning, never deleted, and the run resumes from the previous checkpoint if
 * one is left, else starts again from its first step. Temporary folders of writes cut short are deleted on load.
 */
public final class Checkpoints {

    private static final String MAGIC = "ladder-checkpoint-v2";
    /** The first format, without the trailing checksum; still read. */
    private static final String MAGIC_V1 = "ladder-checkpoint-v1";
    private static final String BRANCH_POINT_PREFIX = "step-";

    private final Path dir;
    private final PrintStream warnings;

    /** @param dir the run's checkpoint folder, e.g. {@code runs/single/tiny-L2-d64-s1/checkpoint} */
    public Checkpoints(Path dir) {
        this(dir, System.err);
    }

    /** As {@link #Checkpoints(Path)}, telling {@code warnings} about checkpoints moved aside. */
    public Checkpoints(Path dir, PrintStream warnings) {
        this.dir = dir;
        this.warnings = warnings;
    }

    /** The folder where a WSD stable run keeps its checkpoint of step {@code step} for the branches starting there. */
    public static Path branchPoint(RunDirectory stable, long step) {
        return branchPoints(stable).resolve(BRANCH_POINT_PREFIX + step);
    }

    /** The latest step before {@code step} at which {@code stable} kept a branch point. */
    public static OptionalLong latestBranchPointBefore(RunDirectory stable, long step) {
        Path folder = branchPoints(stable);
        if (!Files.isDirectory(folder)) return OptionalLong.empty();
        try (Stream<Path> points = Files.list(folder)) {
            return points.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches(BRANCH_POINT_PREFIX + "\\d+"))
                    .mapToLong(name -> Long.parseLong(name.substring(BRANCH_POINT_PREFIX.length())))
                    .filter(k -> k < step)
                    .max();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + RunJson.reason(e), e);
        }
    }

    private static Path branchPoints(RunDirectory stable) {
        return stable.dir().resolve("branch-points");
    }

    public Path dir() {
        return dir;
    }

    /** Writes a new checkpoint atomically, replacing the previous one; on failure the previous one stays. */
    public void save(TrainState state, Parameters params, AdamW adam) {
        Path parent = dir.toAbsolutePath().getParent();
        Path old = previous();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            // a crash between the two renames below left only the previous checkpoint: put it back first
            if (!Files.isDirectory(dir) && Files.isDirectory(old)) Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
            tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
            writeArrays(tmp.resolve("arrays.bin"), List.of(params, adam.firstMoment(), adam.secondMoment()));
            RunJson.writeAtomically(tmp.resolve("state.json"), state);
            deleteTree(old);
            if (Files.isDirectory(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            FaultPoint.reach("checkpoint.rename", dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            RunJson.forceDirectory(parent);
            deleteTree(old);
        } catch (IOException e) {
            deleteTemporary(tmp, e);
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + RunJson.reason(e), e);
        } catch (UncheckedIOException e) {
            deleteTemporary(tmp, e.getCause());
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + RunJson.reason(e.getCause()),
                    e.getCause());
        }
    }

    /**
     * Restores the latest readable checkpoint into {@code params} and {@code adam}, returning its state; empty when
     * the run has none. Falls back to the previous checkpoint when a crash came between the two renames of
     * {@link #save}; a corrupt checkpoint is moved aside (see the class comment).
     */
    public Optional<TrainState> load(Parameters params, AdamW adam) {
        deleteUnfinishedWrites();
        List<Parameters> groups = List.of(params, adam.firstMoment(), adam.secondMoment());
        for (Path source : List.of(dir, previous())) {
            if (!Files.isDirectory(source)) continue;
            try {
                TrainState state = readState(source.resolve("state.json"));
                List<float[]> arrays = readArrays(source.resolve("arrays.bin"), groups);
                assign(arrays, groups);
                return Optional.of(state);
            } catch (CorruptException e) {
                Path aside = moveAside(source);
                warnings.println("warning: " + source + ": corrupt checkpoint (" + e.getMessage() + "); moved to "
                        + aside + " and resuming from the previous checkpoint if there is one, else from step 0");
            }
        }
        return Optional.empty();
    }

    /** Deletes temporary folders of checkpoint writes that a crash cut short: partial copies, never the latest. */
    private void deleteUnfinishedWrites() {
        Path parent = dir.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) return;
        String prefix = dir.getFileName() + ".tmp";
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) deleteTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete unfinished checkpoint writes in " + parent + ": "
                    + RunJson.reason(e), e);
        }
    }

    private Path previous() {
        return dir.resolveSibling(dir.getFileName() + ".old");
    }

    /** A checkpoint whose files are damaged, as opposed to an intact one of another model. */
    private static final class CorruptException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptException(String message) {
            super(message);
        }
    }

    private static TrainState readState(Path file) throws CorruptException {
        if (!Files.isRegularFile(file)) throw new CorruptException("state.json is missing");
        try {
            TrainState state = RunJson.MAPPER.readValue(file.toFile(), TrainState.class);
            if (state == null || state.cursor() == null) throw new CorruptException("state.json is incomplete");
            return state;
        } catch (IOException e) {
            throw new CorruptException("state.json: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private Path moveAside(Path source) {
        for (int n = 1; ; n++) {
            Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + n);
            if (Files.exists(aside)) continue;
            try {
                return Files.move(source, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move corrupt checkpoint " + source + " to " + aside + ": "
                        + RunJson.reason(e), e);
            }
        }
    }

    /**
     * Reads only the parameters of the latest checkpoint into {@code params} (a finished run's weights, for a run that
     * starts from them); the checkpoint must exist.
     */
    public void loadWeights(Parameters params) {
        Path source = Files.isDirectory(dir) ? dir : dir.resolveSibling(dir.getFileName() + ".old");
        try {
            // the file holds the weights and both Adam moments under one checksum: read all three, keep the weights
            List<Parameters> groups = List.of(params, params.zerosLike(), params.zerosLike());
            assign(readArrays(source.resolve("arrays.bin"), groups), groups);
        } catch (CorruptException e) {
            throw new InvalidInputException(source + ": cannot read checkpoint weights (" + e.getMessage()
                    + "); allowed: the checkpoint of a completed run", e);
        }
    }

    private static void writeArrays(Path file, List<Parameters> groups) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream stream = Channels.newOutputStream(channel);
             CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(stream, 1 << 16), crc);
             DataOutputStream out = new DataOutputStream(checked)) {
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
                out.flush();
                if (group == groups.get(0)) FaultPoint.reach("checkpoint.arrays", file);
            }
            out.writeLong(crc.getValue());
            out.flush();
            channel.force(true);
        }
    }

    /** Reads and checks every array of {@code groups} from {@code file}; assigns nothing. */
    private static List<float[]> readArrays(Path file, List<Parameters> groups) throws CorruptException {
        CRC32 crc = new CRC32();
        List<float[]> arrays = new ArrayList<>();
        try (InputStream stream = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(stream, 1 << 16),
                     crc))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic) && !MAGIC_V1.equals(magic)) {
                throw new CorruptException("arrays.bin is not a " + MAGIC + " file");
            }
            for (Parameters group : groups) {
                for (ParamSpec spec : group.specs()) {
                    String name = in.readUTF();
                    int length = in.readInt();
                    if (!name.equals(spec.name()) || length != spec.size()) {
                        throw new InvalidInputException(file + ": cannot read checkpoint: it holds " + name + " x "
                                + length + " where the model has " + spec.name() + " x " + spec.size()
                                + " (was the config changed?); allowed: the run's own config, or another --out");
                    }
                    byte[] bytes = in.readNBytes(length * Float.BYTES);
                    if (bytes.length != length * Float.BYTES) throw new EOFException();
                    float[] values = new float[length];
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                    arrays.add(values);
                }
            }
            if (MAGIC.equals(magic)) {
                long computed = crc.getValue();
                if (in.readLong() != computed) throw new CorruptException("arrays.bin fails its CRC-32 check");
            }
            if (in.read() != -1) throw new CorruptException("arrays.bin has bytes after its end");
            return arrays;
        } catch (EOFException e) {
            throw new CorruptException("arrays.bin is cut short");
        } catch (IOException e) {
            throw new CorruptException("arrays.bin: " + RunJson.reason(e));
        }
    }

    private static void assign(List<float[]> arrays, List<Parameters> groups) {
        int i = 0;
        for (Parameters group : groups) {
            for (ParamSpec spec : group.specs()) {
                INDArray target = group.get(spec.name());
                target.assign(Nd4j.create(arrays.get(i++), target.shape(), 'c'));
            }
        }
    }

    private static void deleteTemporary(Path tmp, Throwable failure) {
        if (tmp == null) return;
        try {
            deleteTree(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
