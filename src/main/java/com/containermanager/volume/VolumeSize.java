package com.containermanager.volume;

import com.containermanager.web.BadRequestException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A volume's size as the API takes it: bytes ("1073741824"), or a number with a binary unit ("1GiB", "512 MiB",
 * "1.5GiB"); KB, MB, GB and TB mean the same powers of 1024 as KiB ... TiB (as Docker's and Spring's sizes do).
 * Rounded up to whole 4 KiB blocks.
 */
final class VolumeSize {

    static final long BLOCK = 4096;
    private static final Pattern SIZE =
            Pattern.compile("\\s*(\\d{1,15}(?:\\.\\d{1,6})?)\\s*([kmgt]i?b|b)?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Map<Character, Long> UNITS =
            Map.of('b', 1L, 'k', 1L << 10, 'm', 1L << 20, 'g', 1L << 30, 't', 1L << 40);

    private VolumeSize() {}

    static long parse(String text) {
        Matcher size = SIZE.matcher(text);
        if (!size.matches()) {
            throw new BadRequestException("size must be bytes or a number with a unit such as 1GiB or 512MiB");
        }
        String unit = size.group(2) == null ? "b" : size.group(2).toLowerCase(Locale.ROOT);
        BigDecimal bytes = new BigDecimal(size.group(1)).multiply(BigDecimal.valueOf(UNITS.get(unit.charAt(0))));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new BadRequestException("size is too large");
        }
        long whole = bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        return (whole + BLOCK - 1) / BLOCK * BLOCK;
    }
}
