package dev.ladder.trainer.cli;

import dev.ladder.data.InvalidInputException;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --seeds S,...}: train every rung once per seed, instead of the ladder config's {@code seeds}. */
public final class SeedsOption {

    @Option(names = "--seeds", split = ",", paramLabel = "S,...",
            description = "Train every rung once per seed, replacing the config's \"seeds\" (e.g. 1,2: with two seeds"
                    + " the demo prints each seed's fit and their spread).")
    List<Long> seeds;

    /** The seeds given, checked; null when the option was left out. */
    public List<Long> seeds() {
        if (seeds == null) return null;
        boolean distinct = seeds.stream().distinct().count() == seeds.size();
        if (seeds.isEmpty() || seeds.stream().anyMatch(s -> s < 0) || !distinct) {
            throw InvalidInputException.outOfRange("command line", "--seeds", seeds,
                    "one or more distinct seeds >= 0, e.g. 1,2");
        }
        return List.copyOf(seeds);
    }
}
