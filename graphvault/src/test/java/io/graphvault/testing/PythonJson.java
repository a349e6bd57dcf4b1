package io.graphvault.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

/**
 * What CPython 3's {@code json.dump(obj, f, indent=2, default=str)} writes for the values the
 * Neo4j Python driver (5.x) hands the old script. Each rule below is Python's, with where it lives:
 * <ul>
 * <li>{@code indent=2}: the pure-Python encoder ({@code json.encoder._make_iterencode}): a non-empty
 *     list or dict opens, puts each item on its own line indented two spaces more, and closes on a
 *     line of its own; {@code []} and {@code {}} stay empty. With an indent, the item separator is
 *     {@code ","} (no trailing space; {@code ", "} is the default only without indent) and the key
 *     separator {@code ": "}. No newline at the end of the file.</li>
 * <li>{@code ensure_ascii=True} (the default): strings escape {@code "} and {@code \}, use
 *     {@code \n \r \t \b \f}, and write every other character outside space..tilde as
 *     {@code \}{@code uXXXX} in lower-case hex (non-BMP characters as their UTF-16 surrogates).</li>
 * <li>Numbers: {@code int.__repr__}; {@code float.__repr__} (the shortest digits that read back as
 *     the same double; exponent form below 1e-4 or from 1e16, as {@code 1e-05}, {@code 1e+16});
 *     {@code allow_nan=True} writes {@code NaN}, {@code Infinity}, {@code -Infinity}.</li>
 * <li>Tuples are written as lists without calling {@code default}: the driver's {@code Duration}
 *     is a tuple {@code (months, days, seconds, nanoseconds)}, normalised so that nanoseconds has
 *     the sign of seconds ({@code symmetric_divmod}); its {@code Point} is a tuple of floats
 *     {@code (x, y[, z])}.</li>
 * <li>{@code default=str} for everything else: {@code neo4j.time.Date} gives {@code %04d-%02d-%02d};
 *     {@code Time}/{@code DateTime} give {@code HH:MM:SS.nnnnnnnnn} and, when not local, the UTC
 *     offset as {@code divmod(int(total_seconds // 60), 60)} formatted {@code %+03d:%02d} (floor
 *     division: -03:30 is written {@code -04:30}); a zone name is lost. {@code bytes} give their
 *     {@code repr}: {@code b'...'} ({@code b"..."} when they hold {@code '} and no {@code "}), with
 *     {@code \\}, the quote, {@code \t \n \r} escaped and other bytes outside 0x20..0x7e as
 *     {@code \xNN}.</li>
 * </ul>
 * Dicts keep their insertion order; the caller builds them in the order Python saw.
 */
public final class PythonJson {

    private PythonJson() {
    }

    /** {@code obj}: null, String, Boolean, Long, Integer, Double, Map (ordered), List, or a driver Value. */
    public static String dump(Object obj) {
        StringBuilder out = new StringBuilder();
        encode(obj, 0, out);
        return out.toString();
    }

    private static void encode(Object o, int level, StringBuilder out) {
        if (o instanceof Value v) {
            encode(python(v), level, out);
        } else if (o == null) {
            out.append("null");
        } else if (o instanceof String s) {
            string(s, out);
        } else if (o instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (o instanceof Long || o instanceof Integer || o instanceof BigInteger) {
            out.append(o);
        } else if (o instanceof Double d) {
            out.append(floatRepr(d));
        } else if (o instanceof Map<?, ?> m) {
            container(new ArrayList<>(m.entrySet()), '{', '}', level, out);
        } else if (o instanceof List<?> l) {
            container(l, '[', ']', level, out);
        } else {
            throw new IllegalArgumentException("no Python counterpart for " + o.getClass());
        }
    }

    private static void container(List<?> items, char open, char close, int level, StringBuilder out) {
        if (items.isEmpty()) {
            out.append(open).append(close);
            return;
        }
        String indent = "\n" + "  ".repeat(level + 1);
        out.append(open);
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ",").append(indent);
            if (items.get(i) instanceof Map.Entry<?, ?> e) {
                string((String) e.getKey(), out);
                out.append(": ");
                encode(e.getValue(), level + 1, out);
            } else {
                encode(items.get(i), level + 1, out);
            }
        }
        out.append('\n').append("  ".repeat(level)).append(close);
    }

    /** The Python object the driver hands over, as far as json.dump tells them apart. */
    private static Object python(Value v) {
        Object o = v.isNull() ? null : v.asObject();
        if (o instanceof List<?> l) {
            List<Object> list = new ArrayList<>();
            v.values().forEach(e -> list.add(e));
            return list;
        }
        if (o instanceof Map<?, ?>) {
            throw new IllegalArgumentException("maps keep no order in the Java driver: pass an ordered Map");
        }
        if (o instanceof LocalDate d) {
            return date(d);
        }
        if (o instanceof LocalTime t) {
            return time(t);
        }
        if (o instanceof OffsetTime t) {
            return time(t.toLocalTime()) + offset(t.getOffset().getTotalSeconds());
        }
        if (o instanceof LocalDateTime t) {
            return date(t.toLocalDate()) + "T" + time(t.toLocalTime());
        }
        if (o instanceof ZonedDateTime t) {
            return date(t.toLocalDate()) + "T" + time(t.toLocalTime()) + offset(t.getOffset().getTotalSeconds());
        }
        if (o instanceof IsoDuration d) {
            return duration(d);
        }
        if (o instanceof Point p) {
            return Double.isNaN(p.z()) ? List.of(p.x(), p.y()) : List.of(p.x(), p.y(), p.z());
        }
        if (o instanceof byte[] b) {
            return bytesRepr(b);
        }
        return o;
    }

    private static String date(LocalDate d) {
        return String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    private static String time(LocalTime t) {
        return String.format("%02d:%02d:%02d.%09d", t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    }

    /** {@code divmod(int(offset.total_seconds() // 60), 60)}: floor division on both. */
    static String offset(int totalSeconds) {
        int minutes = Math.floorDiv(totalSeconds, 60);
        return String.format("%+03d:%02d", Math.floorDiv(minutes, 60), Math.floorMod(minutes, 60));
    }

    /** {@code Duration(months=, days=, seconds=, nanoseconds=)}: seconds and nanoseconds by symmetric_divmod. */
    private static List<Object> duration(IsoDuration d) {
        BigInteger billion = BigInteger.valueOf(1_000_000_000);
        BigInteger ns = BigInteger.valueOf(d.seconds()).multiply(billion).add(BigInteger.valueOf(d.nanoseconds()));
        BigInteger[] qr = ns.abs().divideAndRemainder(billion);
        int sign = ns.signum() < 0 ? -1 : 1;
        return List.of(d.months(), d.days(), qr[0].longValue() * sign, qr[1].longValue() * sign);
    }

    static String bytesRepr(byte[] bytes) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : bytes) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder s = new StringBuilder("b").append(quote);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c == '\t') {
                s.append("\\t");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                s.append(String.format("\\x%02x", c));
            } else {
                s.append((char) c);
            }
        }
        return s.append(quote).toString();
    }

    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code float.__repr__}, and json's NaN / Infinity / -Infinity. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String sign = (Double.doubleToRawLongBits(d) < 0) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        BigDecimal exact = new BigDecimal(Math.abs(d));
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) { // the nearest p-digit decimal; the first that reads back is the shortest
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == Math.abs(d)) {
                shortest = r;
                break;
            }
        }
        String digits = shortest.unscaledValue().toString().replaceAll("0+$", "");
        int decpt = shortest.precision() - shortest.scale(); // value = 0.digits * 10^decpt
        if (decpt <= -4 || decpt > 16) {
            int exp = decpt - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        if (decpt <= 0) {
            return sign + "0." + "0".repeat(-decpt) + digits;
        }
        if (decpt >= digits.length()) {
            return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
}
