package com.layoutlens.cli;

import com.layoutlens.data.Problem;
import com.layoutlens.service.JsonText;

import java.util.List;
import java.util.Map;

/** JSON output of the commands: one object on stdout, keys in a stable order ({@link JsonText}). */
public final class Json {

    private Json() {
    }

    public static String write(Object value) {
        return JsonText.write(value);
    }

    /** Problems as a list of {file, line, severity, message}. */
    public static List<Map<String, Object>> problems(List<Problem> problems) {
        return JsonText.problems(problems);
    }
}
