package com.layoutlens.data;

/**
 * Something wrong with one file, reported instead of thrown so that a folder with a few
 * broken files still opens.
 *
 * @param file     the file the problem is in (as the user gave it, relative where possible)
 * @param line     1-based line number, or 0 when the problem is not about one line
 * @param severity {@link Severity#ERROR} when data was skipped, {@link Severity#WARNING}
 *                 when everything was read but something looks off
 * @param message  a short, specific message for the user
 */
public record Problem(String file, int line, Severity severity, String message) implements java.io.Serializable {

    public enum Severity { WARNING, ERROR }

    public static Problem error(String file, int line, String message) {
        return new Problem(file, line, Severity.ERROR, message);
    }

    public static Problem warning(String file, int line, String message) {
        return new Problem(file, line, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        // file names and messages quote the user's files: never let them drive the terminal
        return Printable.of(file) + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase() + ": "
                + Printable.of(message);
    }
}
