package com.layoutlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void controlCharactersOfEveryKindAreEscapedAndReadBackUnchanged() throws Exception {
        String text = "\u001b[2J a\u009b31m \u202eevil\u202c \u007f é";
        String json = Json.write(Map.of("text", text));
        assertFalse(json.chars().anyMatch(c -> c == 0x1b || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e)), json);
        assertTrue(json.contains("é"), "printable non-ASCII text stays readable: " + json);
        assertEquals(text, new ObjectMapper().readTree(json).get("text").asText());
    }
}
