package com.layoutlens.data;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.regex.Pattern;

/**
 * What a JSON parser's error says, for a user: its own words, without the parser's notes on
 * where it read from ({@code [Source: REDACTED ...]}), which name no file and say nothing the
 * caller does not say better with the file's name and line.
 */
public final class JsonErrors {

    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(start marker )?at \\[Source:[^\\]]*\\]\\)?");

    private JsonErrors() {
    }

    /** The parser's message without its source notes, and its line where it has one. */
    public static String describe(JsonProcessingException e) {
        String m = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("").strip();
        var at = e.getLocation();
        return at != null && at.getLineNr() > 0 ? m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"
                : m;
    }
}
