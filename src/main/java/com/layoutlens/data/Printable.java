package com.layoutlens.data;

/**
 * Text from a user's files made safe to print on a terminal: control characters (C0, DEL,
 * C1, and the bidirectional overrides that reorder what a line seems to say) are written
 * as escapes such as {@code \e}, {@code \n} or {@code \u009b}, so a box text or a file name
 * can never move the cursor, recolour or retitle the user's terminal. A backslash is left as
 * it is; other characters, accented letters included, are unchanged.
 */
public final class Printable {

    private Printable() {
    }

    public static String of(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        int n = s.length();
        while (i < n && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x1b -> sb.append("\\e");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
