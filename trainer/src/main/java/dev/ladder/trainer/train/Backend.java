package dev.ladder.trainer.train;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.fast.FastEngine;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend a run uses: checks the requested device is on the classpath and sets the thread count before
 * the first operation. The backend itself is chosen at build time by the {@code nd4j.backend} Maven property.
 *
 * @param name    ND4J's backend class, e.g. {@code CpuBackend}
 * @param threads threads ND4J and BLAS use
 * @param device  what the model runs on, e.g. {@code cpu (x86_64)}
 */
public record Backend(String name, int threads, String device) {

    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    /**
     * Starts ND4J for {@code device} with {@code threads} threads (0 = all cores).
     *
     * @throws InvalidInputException when CUDA is asked for but this build has only the CPU backend
     */
    public static Backend start(Device device, int threads) {
        if (device == Device.CUDA && !cudaBuild()) {
            throw new InvalidInputException("train.device = CUDA is not available: this build has the CPU backend "
                    + "only; allowed: [CPU], or use the CUDA build: LADDER_BACKEND=cuda ./ladder ... (./mvnw -Pcuda)");
        }
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        // In 1.0.0-M2.1 setMaxThreads does nothing (maxThreads() still answers OMP_NUM_THREADS or the core count), so
        // ND4J's own operations keep the count the process started with (ChildJvm#limitThreads sets it for workers);
        // the fast engine takes its count from engineOptions(), not from ND4J.
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String where = device == Device.CUDA ? "cuda" : "cpu (" + System.getProperty("os.arch") + ")";
        return new Backend(backend, n, where);
    }

    /**
     * True when the fast engine and the optimizer may run their Java kernels over host memory: on the CPU backend
     * with the Vector API module present; otherwise they use ND4J operations.
     */
    public boolean hostKernels() {
        return !device.equals("cuda") && FastEngine.hostKernelsAvailable();
    }

    /** How engines compute here: host kernels or not, over this backend's thread count. */
    public Engine.Options engineOptions() {
        return new Engine.Options(hostKernels(), threads);
    }

    /** True when this jar was built with the CUDA backend ({@code -Pcuda}). */
    public static boolean cudaBuild() {
        try {
            Class.forName(CUDA_BACKEND, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
