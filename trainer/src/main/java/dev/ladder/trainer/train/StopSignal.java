package dev.ladder.trainer.train;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Turns the first SIGINT (Ctrl-C) or SIGTERM into a request that the training loop checks after each step, so the
 * run writes a checkpoint and ends with status interrupted; a second signal ends the process at once with exit code 3
 * (interrupted), running the shutdown hooks (they release the run lock). A shutdown hook could not choose the exit
 * code, hence signals.
 *
 * <p>The JDK's only signal API is {@code sun.misc.Signal} (module jdk.unsupported). It is reached through
 * reflection because javac warns on every direct use of it, and the build is warning-free.
 */
public final class StopSignal implements BooleanSupplier, AutoCloseable {

    /** Exit code of an abort by a second signal: the CLI's "interrupted" (3); the checkpoint is resumable. */
    static final int ABORT_EXIT_CODE = 3;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final List<Object[]> installed = new ArrayList<>();   // {signal, previous handler}
    private final Class<?> signalClass;
    private final Class<?> handlerClass;
    private final Method handle;

    private StopSignal() throws ReflectiveOperationException {
        signalClass = Class.forName("sun.misc.Signal");
        handlerClass = Class.forName("sun.misc.SignalHandler");
        handle = signalClass.getMethod("handle", signalClass, handlerClass);
    }

    /**
     * Makes SIGINT and SIGTERM end this process at once with exit code 3 (interrupted) instead of the JVM's 130 or
     * 143, running the shutdown hooks as the JVM's own handler does: set first thing in {@code main}, so a signal
     * before a command has installed its own {@link #install} handler still reads as interrupted.
     */
    public static void exitOnSignal() {
        try {
            StopSignal stop = new StopSignal();
            for (String name : new String[] {"INT", "TERM"}) {
                stop.catchSignal(name, (proxyName, out) -> Runtime.getRuntime().exit(ABORT_EXIT_CODE), System.err);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install signal handlers (sun.misc.Signal)", e);
        }
    }

    /** Catches SIGINT and SIGTERM until {@link #close()}; tells {@code out} when a stop was requested. */
    public static StopSignal install(PrintStream out) {
        try {
            StopSignal stop = new StopSignal();
            for (String name : new String[] {"INT", "TERM"}) {
                stop.catchSignal(name, stop::onSignal, out);
            }
            return stop;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install signal handlers (sun.misc.Signal)", e);
        }
    }

    private void catchSignal(String name, BiConsumer<String, PrintStream> onSignal, PrintStream out)
            throws ReflectiveOperationException {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        Object[] entry = {signal, null};
        Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        onSignal.accept(name, out);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "StopSignal(SIG" + name + ")";
                });
        entry[1] = handle.invoke(null, signal, handler);
        installed.add(entry);
    }

    private void onSignal(String name, PrintStream out) {
        if (requested.getAndSet(true)) {
            out.println(System.lineSeparator() + "SIG" + name + " again: aborting now (the last checkpoint stays)");
            Runtime.getRuntime().exit(ABORT_EXIT_CODE);
        } else {
            out.println(System.lineSeparator() + "SIG" + name
                    + ": stopping after this step and writing a checkpoint (again to abort at once)");
        }
    }

    @Override
    public boolean getAsBoolean() {
        return requested.get();
    }

    /** Gives the signals back to the handlers that had them before. */
    @Override
    public void close() {
        try {
            for (Object[] entry : installed) {
                handle.invoke(null, entry[0], entry[1]);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot restore signal handlers", e);
        }
    }
}
