package com.layoutlens.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonErrorsTest {

    @Test
    void theParsersSourceNotesAreLeftOutAndItsLineKept() {
        JsonProcessingException cut = assertThrows(JsonProcessingException.class,
                () -> new ObjectMapper().readTree("{\n  \"a\": 1,\n"));
        assertTrue(cut.getMessage().contains("[Source:"), "the parser's own message has them: " + cut.getMessage());
        String said = JsonErrors.describe(cut);
        assertFalse(said.contains("Source") || said.contains("REDACTED") || said.contains("\n"), said);
        assertTrue(said.startsWith("Unexpected end-of-input"), said);
        assertTrue(said.endsWith("(line 3, column 1)"), said);

        JsonProcessingException bad = assertThrows(JsonProcessingException.class,
                () -> new ObjectMapper().readTree("{ not json"));
        assertEquals("Unexpected character ('n' (code 110)): was expecting double-quote to start field name"
                + " (line 1, column 3)", JsonErrors.describe(bad));
    }
}
