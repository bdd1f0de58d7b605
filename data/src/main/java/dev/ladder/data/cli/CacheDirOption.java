package dev.ladder.data.cli;

import dev.ladder.data.tokens.TokenCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --cache-dir} option shared by the corpus subcommands. */
final class CacheDirOption {

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache folder for token files and fetched corpora (default: $LADDER_CACHE, else"
                    + " ~/.cache/ladder).")
    Path cacheDir;

    Path resolve() {
        return cacheDir != null ? cacheDir : TokenCache.defaultDir();
    }
}
