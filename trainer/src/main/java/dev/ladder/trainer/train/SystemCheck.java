package dev.ladder.trainer.train;

import com.sun.management.OperatingSystemMXBean;
import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.config.TrainConfig.Device;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks whether this machine can train a ladder on a device and describes it: the ND4J build and backend, BLAS,
 * CUDA devices with their memory, threads, Java heap and JavaCPP off-heap limits, physical memory, the cache folder
 * and the optional tools. Anything that would stop a ladder is a problem with a one-line fix; a missing optional tool
 * is a warning. {@code ladder doctor} prints the report; {@code ladder run} and {@code ladder train} call
 * {@link #requireReady} before the first rung on CUDA.
 */
public final class SystemCheck {

    /** ND4J 1.0.0-M2.1's libnd4jcuda holds machine code for compute capability 3.7 to 8.6 and no PTX to JIT. */
    static final int NEWEST_CUDA_MAJOR = 8;
    private static final double GIB = 1L << 30;
    private static final String DRIVER_HINT = "install an NVIDIA driver >= 450.80.02 (what CUDA 11.6 needs), check it"
            + " with nvidia-smi, and check CUDA_VISIBLE_DEVICES";

    /** One line of the report: what was looked at and what was found. */
    public record Fact(String name, String value) { }

    /** Something that stops a ladder ({@code problem}) or only limits what works here (a warning), and its fix. */
    public record Finding(boolean problem, String what, String hint) { }

    /** Everything found, facts in the order printed. */
    public record Report(Device device, List<Fact> facts, List<Finding> findings) {

        public Report {
            facts = List.copyOf(facts);
            findings = List.copyOf(findings);
        }

        public List<Finding> problems() {
            return findings.stream().filter(Finding::problem).toList();
        }

        public List<Finding> warnings() {
            return findings.stream().filter(f -> !f.problem()).toList();
        }
    }

    private SystemCheck() {
    }

    /** Looks at this machine for training on {@code device} with the token cache at {@code cacheDir}. */
    public static Report run(Device device, Path cacheDir) {
        List<Fact> facts = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        backend(device, facts, findings);
        memory(facts);
        cache(cacheDir, facts, findings);
        tools(facts, findings);
        return new Report(device, facts, findings);
    }

    /**
     * Throws when something here would stop training on {@code device}, naming each problem and its fix.
     *
     * @throws InvalidInputException listing the problems (exit code 2: the config asks for what this machine lacks)
     */
    public static void requireReady(Device device, Path cacheDir) {
        List<Finding> problems = run(device, cacheDir).problems();
        if (problems.isEmpty()) return;
        String list = problems.stream().map(p -> p.what() + "; fix: " + p.hint()).collect(Collectors.joining("; "));
        throw new InvalidInputException("train.device = " + device + " is not available here: " + list
                + " (`ladder doctor --device " + device + "` prints the full check)");
    }

    /** The devices' total memory in bytes, from ND4J's CUDA backend; empty on the CPU build or when none is found. */
    public static List<Long> cudaMemory() {
        if (!Backend.cudaBuild()) return List.of();
        return cudaDevices(Nd4j.getExecutioner().getEnvironmentInformation()).stream()
                .map(d -> number(d.get("cuda.totalMemory"))).toList();
    }

    private static void backend(Device device, List<Fact> facts, List<Finding> findings) {
        boolean cudaBuild = Backend.cudaBuild();
        facts.add(new Fact("build", cudaBuild ? "CUDA (nd4j-cuda-11.6; CUDA runtime " + cudaRuntime() + ")"
                : "CPU (nd4j-native)"));
        if (device == Device.CUDA && !cudaBuild) {
            findings.add(new Finding(true, "CUDA asked for, but this is the CPU build",
                    "LADDER_BACKEND=cuda ./ladder ... (builds trainer/target/ladder-cuda.jar with ./mvnw -Pcuda; the"
                            + " host needs only an NVIDIA driver)"));
        }
        Properties env;
        try {
            env = Nd4j.getExecutioner().getEnvironmentInformation();
        } catch (RuntimeException | LinkageError e) {
            // ND4J could not load its backend: what a CUDA build reports without a usable driver or device.
            facts.add(new Fact("backend", "did not start: " + firstLine(e)));
            findings.add(new Finding(true, cudaBuild ? "no CUDA device found (ND4J's CUDA backend did not start; its"
                    + " log above says why: libcuda.so.1 not found means no NVIDIA driver)"
                    : "ND4J's CPU backend did not start", cudaBuild ? DRIVER_HINT
                    : "check that the jar was built for this OS and CPU (linux-x86_64)"));
            return;
        }
        facts.add(new Fact("backend", Nd4j.getBackend().getClass().getSimpleName() + ", ND4J " + nd4jVersion()));
        org.nd4j.linalg.factory.Environment nd4j = Nd4j.getEnvironment();
        String blasVersion = nd4j.blasMajorVersion() > 0 ? " " + nd4j.blasMajorVersion() + "."
                + nd4j.blasMinorVersion() + "." + nd4j.blasPatchVersion() : "";
        facts.add(new Fact("BLAS", env.getProperty("blas.vendor", String.valueOf(env.get("blas.vendor")))
                + blasVersion));
        facts.add(new Fact("threads", String.format(Locale.ROOT, "ND4J %d, BLAS %s, cores %d", nd4j.maxThreads(),
                env.get("blas.threads") == null ? "n/a" : env.get("blas.threads"),
                Runtime.getRuntime().availableProcessors())));
        if (cudaBuild) cuda(device, env, facts, findings);
    }

    private static void cuda(Device device, Properties env, List<Fact> facts, List<Finding> findings) {
        List<Map<String, Object>> devices = cudaDevices(env);
        facts.add(new Fact("CUDA devices", String.valueOf(devices.size())));
        for (int i = 0; i < devices.size(); i++) {
            Map<String, Object> d = devices.get(i);
            long major = number(d.get("cuda.deviceMajor"));
            long minor = number(d.get("cuda.deviceMinor"));
            facts.add(new Fact("GPU " + i, String.format(Locale.ROOT, "%s, compute %d.%d, %.1f GiB (%.1f GiB free)",
                    d.get("cuda.deviceName"), major, minor, number(d.get("cuda.totalMemory")) / GIB,
                    number(d.get("cuda.freeMemory")) / GIB)));
            if (major > NEWEST_CUDA_MAJOR) {
                findings.add(new Finding(device == Device.CUDA, "GPU " + i + " has compute capability " + major + "."
                        + minor + ", newer than ND4J 1.0.0-M2.1's CUDA kernels (compute 3.7 to 8.6, no PTX to"
                        + " compile for newer GPUs)", "use a GPU of compute capability 8.x or older (A100, A10, L4,"
                        + " L40, RTX 30/40, V100, T4), or train on the CPU build"));
            }
        }
        if (devices.isEmpty() && device == Device.CUDA) {
            findings.add(new Finding(true, "no CUDA device found", DRIVER_HINT));
        }
    }

    private static void memory(List<Fact> facts) {
        Runtime runtime = Runtime.getRuntime();
        facts.add(new Fact("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")"));
        facts.add(new Fact("heap", String.format(Locale.ROOT, "max %.1f GiB (-Xmx)", runtime.maxMemory() / GIB)));
        facts.add(new Fact("off-heap", String.format(Locale.ROOT, "JavaCPP maxBytes %.1f GiB, maxPhysicalBytes %.1f GiB"
                        + " (-Dorg.bytedeco.javacpp.maxBytes, -Dorg.bytedeco.javacpp.maxPhysicalBytes)",
                Pointer.maxBytes() / GIB, Pointer.maxPhysicalBytes() / GIB)));
        long physical = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        facts.add(new Fact("memory", String.format(Locale.ROOT, "%.1f GiB physical", physical / GIB)));
    }

    private static void cache(Path cacheDir, List<Fact> facts, List<Finding> findings) {
        Path dir = cacheDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".doctor", ".tmp"));
            facts.add(new Fact("cache", dir + " (writable)"));
        } catch (IOException e) {
            facts.add(new Fact("cache", dir + " (not writable)"));
            findings.add(new Finding(true, "cache folder " + dir + " is not writable (" + e + ")",
                    "set LADDER_CACHE or --cache-dir to a writable folder"));
        }
    }

    private static void tools(List<Fact> facts, List<Finding> findings) {
        tool(facts, findings, "npm", List.of("npm"), "`ladder corpus fetch gutenberg` needs it",
                "install Node.js with npm (Debian: apt-get install npm)");
        tool(facts, findings, "sbatch", List.of("sbatch"), "`ladder slurm` writes scripts but cannot submit them here",
                "run on a Slurm login node, or start a one-node cluster with scripts/slurm-local.sh (root, Debian)");
        tool(facts, findings, "chromium", List.of("chromium", "chromium-browser", "google-chrome"),
                "only the report's browser test needs it", "scripts/test-deps.sh installs it (root, Debian)");
    }

    private static void tool(List<Fact> facts, List<Finding> findings, String name, List<String> commands,
                             String without, String hint) {
        Optional<Path> found = commands.stream().map(SystemCheck::onPath).flatMap(Optional::stream).findFirst();
        facts.add(new Fact(name, found.map(Path::toString).orElse("not found")));
        if (found.isEmpty()) findings.add(new Finding(false, name + " is not on PATH: " + without, hint));
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cudaDevices(Properties env) {
        Object devices = env.get("cuda.devicesInformation");
        return devices instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** The version in nd4j-api's Maven metadata (kept in the shaded jar). */
    private static String nd4jVersion() {
        return resourceVersion("/META-INF/maven/org.nd4j/nd4j-api/pom.properties");
    }

    /** The bundled CUDA presets' version, e.g. 11.6-8.3-1.5.7, and whether the redist libraries are in the jar. */
    private static String cudaRuntime() {
        boolean bundled = SystemCheck.class.getResource("/org/bytedeco/cuda/linux-x86_64/libcudart.so.11.0") != null;
        return resourceVersion("/META-INF/maven/org.bytedeco/cuda/pom.properties")
                + (bundled ? ", bundled" : ", not bundled: needs CUDA 11.6 and cuDNN 8.3 installed");
    }

    private static String resourceVersion(String resource) {
        try (InputStream in = SystemCheck.class.getResourceAsStream(resource)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getClass().getSimpleName() + ": " + root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
