package io.graphvault.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture's serialiser writes what CPython's json.dump(indent=2, default=str) writes (expected texts from CPython 3.12). */
class PythonJsonTest {

    @Test
    void floatsAreWrittenAsPythonsReprWithItsExponentThresholds() {
        assertThat(PythonJson.floatRepr(0.1)).isEqualTo("0.1");
        assertThat(PythonJson.floatRepr(2.0)).isEqualTo("2.0");
        assertThat(PythonJson.floatRepr(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(PythonJson.floatRepr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PythonJson.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.floatRepr(0.00001)).isEqualTo("1e-05");
        assertThat(PythonJson.floatRepr(-1.5e300)).isEqualTo("-1.5e+300");
        assertThat(PythonJson.floatRepr(2e23)).isEqualTo("2e+23");
        assertThat(PythonJson.floatRepr(5e-324)).isEqualTo("5e-324");
        assertThat(PythonJson.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PythonJson.floatRepr(Double.NaN)).isEqualTo("NaN");
        assertThat(PythonJson.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void offsetsAreFloorDividedAsTheDriversIsoFormatDoes() {
        assertThat(PythonJson.offset(-12_600)).isEqualTo("-04:30");
        assertThat(PythonJson.offset(19_800)).isEqualTo("+05:30");
        assertThat(PythonJson.offset(0)).isEqualTo("+00:00");
        assertThat(PythonJson.offset(-3_600)).isEqualTo("-01:00");
    }

    @Test
    void bytesBecomeTheirPythonReprAndStringsAreAsciiEscaped() {
        assertThat(PythonJson.bytesRepr(new byte[] {0, 'a', '\'', '\\', '\n', (byte) 0xff})).isEqualTo("b\"\\x00a'\\\\\\n\\xff\"");
        assertThat(PythonJson.bytesRepr(new byte[] {'"', '\''})).isEqualTo("b'\"\\''");
        StringBuilder s = new StringBuilder();
        PythonJson.string("\u00dc\u2013\"\\\t\u007f\ud83d\ude00", s);
        assertThat(s.toString()).isEqualTo("\"\\u00dc\\u2013\\\"\\\\\\t\\u007f\\ud83d\\ude00\"");
    }

    @Test
    void indentTwoPutsEachItemOnItsLineWithACommaAndNoTrailingSpace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1L, 2.5));
        m.put("a", null);
        m.put("e", List.of());
        m.put("m", Map.of());
        assertThat(PythonJson.dump(List.of(m))).isEqualTo("""
                [
                  {
                    "b": [
                      1,
                      2.5
                    ],
                    "a": null,
                    "e": [],
                    "m": {}
                  }
                ]""");
    }
}
