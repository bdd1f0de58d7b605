package dev.ladder.trainer.ladder;

import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The memory limits of a training JVM, sized from its model, batch and corpus: a small Java heap ({@code -Xmx}: the
 * trainer keeps little there besides the corpus text, since token files are memory-mapped and arrays live off the
 * heap) and JavaCPP's limits on the off-heap memory of ND4J ({@code org.bytedeco.javacpp.maxbytes}) and on the whole
 * process's resident memory ({@code org.bytedeco.javacpp.maxphysicalbytes}). The resident limit is the one that
 * binds: JavaCPP checks it each time ND4J creates an array and fails the allocation with an OutOfMemoryError past it;
 * ND4J's own array buffers are not counted in {@code maxbytes}. Left unset, JavaCPP takes {@code maxbytes = -Xmx} and
 * {@code maxphysicalbytes = 4·-Xmx}, which a small heap would make too tight.
 *
 * <p>The fast engine on a CPU gets the {@link MemoryCheck} estimate with headroom: the heap in full, 1.5× the
 * estimate and the token files (their pages count as resident once training has read them), so a run does not fail
 * at its limit. The reference SameDiff engine (whose native memory grows with every step) and CUDA (the driver's host
 * memory is not in the estimate) get the same heap and no off-heap limit ({@code 0}: unlimited for JavaCPP).
 *
 * @param heapBytes     {@code -Xmx}
 * @param offHeapBytes  {@code maxbytes}: the resident limit less the heap; 0 for no limit
 * @param residentBytes {@code maxphysicalbytes}; 0 for no limit
 */
public record JvmMemory(long heapBytes, long offHeapBytes, long residentBytes) {

    private static final long MIB = 1L << 20;
    /** The heap every trainer gets: config, logs, the tokenizer, the validation batches, JSON, the progress bar. */
    private static final long BASE_HEAP_BYTES = 256 * MIB;

    /**
     * What a trainer's corpus costs it: every trainer reads the whole text onto the heap (the token cache is keyed
     * by its hash) and maps the token files.
     *
     * @param chars     characters of the corpus, both splits
     * @param tokens    tokens of the corpus, both splits
     * @param fileBytes bytes of the train and val token files
     */
    public record Corpus(long chars, long tokens, long fileBytes) {

        /** No corpus: {@code ladder bench} trains on random tokens. */
        public static final Corpus NONE = new Corpus(0, 0, 0);

        public static Corpus of(PreparedCorpus corpus) {
            try {
                return new Corpus(corpus.train().header().chars() + corpus.val().header().chars(),
                        corpus.train().length() + corpus.val().length(),
                        Files.size(corpus.train().path()) + Files.size(corpus.val().path()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + corpus.train().path(), e);
            }
        }
    }

    /**
     * The limits of a process training {@code model} at {@code batchSize} on {@code corpus}.
     *
     * <p>Heap: {@link #BASE_HEAP_BYTES}, plus 8 bytes per parameter (the initial weights are drawn into a Java array,
     * and a checkpoint copies each array through the heap), plus 4 bytes per character and per token of the corpus
     * (its text, the UTF-8 copy that is hashed, and the token array when a trainer has to tokenize it itself),
     * rounded up to 64 MiB.
     */
    public static JvmMemory forTraining(ModelConfig model, int batchSize, Engine.Kind engine, Device device,
                                        Corpus corpus) {
        return forTraining(model, null, batchSize, engine, device, corpus);
    }

    /**
     * The limits of a process training {@code model} with a distillation {@code teacher} (null for none): the
     * teacher's weights pass through the heap like the student's (8 bytes per parameter) and its engine adds
     * {@link MemoryCheck#teacherFloats} to the resident estimate.
     */
    public static JvmMemory forTraining(ModelConfig model, ModelConfig teacher, int batchSize, Engine.Kind engine,
                                        Device device, Corpus corpus) {
        long teacherParams = teacher == null ? 0 : ParamCount.of(teacher).total();
        long heap = roundUp(BASE_HEAP_BYTES + 8 * (ParamCount.of(model).total() + teacherParams)
                + 4 * corpus.chars() + 4 * corpus.tokens(), 64 * MIB);
        if (engine != Engine.Kind.FAST || device != Device.CPU) return new JvmMemory(heap, 0, 0);
        long estimate = MemoryCheck.bytes(model, batchSize)
                + (teacher == null ? 0 : Float.BYTES * MemoryCheck.teacherFloats(teacher, batchSize));
        long resident = roundUp(heap + estimate * 3 / 2 + corpus.fileBytes(), 64 * MIB);
        return new JvmMemory(heap, resident - heap, resident);
    }

    /** The JVM options: {@code -Xmx…m -Dorg.bytedeco.javacpp.maxbytes=… -D….maxphysicalbytes=…}. */
    public List<String> flags() {
        return List.of("-Xmx" + mebibytes(heapBytes), "-Dorg.bytedeco.javacpp.maxbytes=" + mebibytes(offHeapBytes),
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + mebibytes(residentBytes));
    }

    private static String mebibytes(long bytes) {
        return bytes == 0 ? "0" : bytes / MIB + "m";
    }

    private static long roundUp(long bytes, long unit) {
        return (bytes + unit - 1) / unit * unit;
    }
}
