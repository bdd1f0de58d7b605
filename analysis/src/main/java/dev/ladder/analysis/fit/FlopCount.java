package dev.ladder.analysis.fit;

/**
 * Which FLOPs-per-token count C uses: {@code kaplan} (6N plus attention, Kaplan et al. 2020) or {@code exact}
 * (Hoffmann et al. 2022 appendix F, output head included). Constants are spelled as typed on the command line.
 */
public enum FlopCount {
    kaplan, exact
}
