package dev.ladder.trainer.cli;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a memory size such as {@code 80GiB}, {@code 40GB} or {@code 24576MiB} into bytes (a picocli converter). */
public final class ByteSize implements ITypeConverter<Long> {

    static final double GIB = 1L << 30;
    /** What a size looks like, as error messages say it. */
    static final String ALLOWED = "a number and a unit (TiB, GiB, MiB, TB, GB or MB), e.g. 80GiB";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([TGM]i?B)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Double> UNITS = Map.of("tib", Math.pow(2, 40), "gib", GIB,
            "mib", Math.pow(2, 20), "tb", 1e12, "gb", 1e9, "mb", 1e6);

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.strip());
        if (!m.matches()) throw new TypeConversionException("'" + value + "' is not a size; allowed: " + ALLOWED);
        double bytes = Double.parseDouble(m.group(1)) * UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (bytes < 1) throw new TypeConversionException("'" + value + "' is not above 0; allowed: " + ALLOWED);
        return Math.round(bytes);
    }
}
