package com.layoutlens.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.layoutlens.data.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of exported results: indented, keys in the maps' order, control characters
 * escaped. The commands' {@code --json} output and the distributed job's result files are
 * written here, so they are the same text.
 */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static {
        MAPPER.getFactory().setCharacterEscapes(new ControlEscapes());
    }

    /**
     * JSON escapes the C0 controls already; DEL, the C1 controls (U+009B is a terminal's CSI)
     * and the bidirectional overrides are escaped too, so that JSON printed on a terminal is
     * as safe as the text output.
     */
    private static final class ControlEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private final int[] ascii;

        ControlEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            if ((ch >= 0x80 && ch <= 0x9f) || (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069)) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }

    private JsonText() {
    }

    /** A value (maps, lists, numbers, strings) as JSON text, without a line end. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Problems as a list of {file, line, severity, message}. */
    public static List<Map<String, Object>> problems(List<Problem> problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", p.file());
            m.put("line", p.line());
            m.put("severity", p.severity().name().toLowerCase());
            m.put("message", p.message());
            out.add(m);
        }
        return out;
    }
}
