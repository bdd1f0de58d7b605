package dev.ladder.data.cli;

import dev.ladder.data.tokens.TokenCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --cache-dir} option shared by every command that reads corpora or token files (a picocli mixin). */
public final class CacheDirOption {

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache folder for token files and fetched corpora (default: $LADDER_CACHE, else"
                    + " ~/.cache/ladder).")
    Path cacheDir;

    /** The folder given, else {@code $LADDER_CACHE}, else the default, unchecked (doctor reports it itself). */
    public Path unchecked() {
        return cacheDir != null ? cacheDir : TokenCache.defaultDir();
    }

    /**
     * The folder given, else {@code $LADDER_CACHE}, else {@code ~/.cache/ladder}.
     *
     * @throws dev.ladder.data.InvalidInputException when it exists and is not a folder
     */
    public Path resolve() {
        if (cacheDir != null) return OutputPaths.folder("command line: --cache-dir", cacheDir);
        return OutputPaths.folder(System.getenv("LADDER_CACHE") != null ? "$LADDER_CACHE" : "cache folder",
                TokenCache.defaultDir());
    }
}
