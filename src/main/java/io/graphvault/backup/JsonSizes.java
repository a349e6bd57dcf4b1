package io.graphvault.backup;

import org.neo4j.driver.Value;
import org.neo4j.driver.types.Type;
import org.neo4j.driver.types.TypeSystem;

/**
 * At least as many bytes as a value takes in a batch file's JSON ({@code TypedValueCodec}), worked
 * out without writing it: the reader bounds a batch's bytes before the data format encodes it on
 * another thread. Strings count as their UTF-8 bytes with escapes; numbers as their longest form.
 */
final class JsonSizes {

    /** "-9223372036854775808" and "-2.2250738585072014E-308", plus a separator. */
    private static final int INTEGER = 21;
    private static final int DOUBLE = 25;
    /** A tagged value: {"$type":"localdatetime","value":"..."} around its text (at most about 40 characters). */
    private static final int TAGGED = 100;
    private static final TypeSystem TS = TypeSystem.getDefault();
    private static final Type STRING = TS.STRING();
    private static final Type FLOAT = TS.FLOAT();
    private static final Type INTEGER_TYPE = TS.INTEGER();
    private static final Type LIST = TS.LIST();
    private static final Type BYTES = TS.BYTES();

    private JsonSizes() {
    }

    static long of(Value v) {
        Type type = v.type();
        if (type == FLOAT) {
            return DOUBLE;
        }
        if (type == STRING) {
            return string(v.asString());
        }
        if (type == INTEGER_TYPE) {
            return INTEGER;
        }
        if (type == LIST) {
            long size = 2;
            for (Value element : v.values()) {
                size += element.type() == FLOAT ? DOUBLE : of(element);
            }
            return size;
        }
        if (type == BYTES) {
            return TAGGED + 4L * (v.asByteArray().length + 2) / 3;
        }
        return TAGGED; // boolean, null, temporal, duration, point
    }

    /** A property map: keys (with the codec's extra {@code $}) and values. */
    static long properties(Value props) {
        long size = 2;
        for (String key : props.keys()) {
            size += string(key) + 2 + of(props.get(key));
        }
        return size;
    }

    /** Quotes, plus per character: 1 byte (ASCII), 2 or 3 (UTF-8), 6 for a control character or half a surrogate pair escaped as uXXXX. */
    static long string(String s) {
        long size = 3;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || Character.isSurrogate(c)) {
                size += 6; // Jackson escapes a surrogate pair as two uXXXX escapes
            } else if (c < 0x80) {
                size += c == '"' || c == '\\' ? 2 : 1;
            } else {
                size += c < 0x800 ? 2 : 3;
            }
        }
        return size;
    }
}
