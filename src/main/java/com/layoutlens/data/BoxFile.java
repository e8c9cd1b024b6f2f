package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader and writer of SROIE box files: one OCR segment per line,
 * {@code x1,y1,x2,y2,x3,y3,x4,y4,TEXT}. The text is not quoted and may contain commas:
 * everything after the eighth comma is the text, quote characters included.
 *
 * <p>Segment indices count the non-blank lines. A broken line (fewer than nine fields,
 * a coordinate that is not an integer) is reported and skipped but keeps its index, so
 * that the indices of the following segments, and the label files that refer to them,
 * do not shift when it is fixed. A coordinate must lie within
 * &plusmn;{@link InputLimits#MAX_COORDINATE}, so that no box arithmetic can overflow.
 *
 * <p>A file over {@link InputLimits#MAX_BOX_BYTES}, {@link InputLimits#MAX_SEGMENTS} or
 * {@link InputLimits#MAX_WORDS} is refused as a whole ({@link TextFiles.Unusable}): its
 * receipt is the problem, not the run.
 */
public final class BoxFile {

    /** The segments read and the problems met. */
    public record ReadResult(List<Segment> segments, List<Problem> problems) {
    }

    private BoxFile() {
    }

    /**
     * Reads a box file.
     *
     * @throws TextFiles.Unusable when it is not a regular file or is over a limit
     */
    public static ReadResult read(Path file) throws IOException {
        TextFiles.Decoded d = TextFiles.read(file, InputLimits.MAX_BOX_BYTES);
        checkCounts(d.text());
        List<Problem> problems = new ArrayList<>();
        if (d.fallback()) {
            problems.add(Problem.warning(file.toString(), 0,
                    "not valid UTF-8; read as " + TextFiles.FALLBACK.name()));
        }
        return new ReadResult(parse(d.text(), file.toString(), problems), problems);
    }

    /** Counts lines and whitespace-separated tokens before anything is parsed or allocated per word. */
    private static void checkCounts(String text) throws TextFiles.Unusable {
        int lines = 0;
        long words = 0;
        boolean inWord = false;
        boolean lineHasText = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == n || text.charAt(i + 1) != '\n'))) {
                if (lineHasText && ++lines > InputLimits.MAX_SEGMENTS) {
                    throw new TextFiles.Unusable("has more than " + InputLimits.MAX_SEGMENTS
                            + " segments (lines), the limit for one receipt");
                }
                lineHasText = false;
                inWord = false;
            } else if (Segment.isSpace(c)) {
                inWord = false;
            } else {
                lineHasText = true;
                if (!inWord && ++words > InputLimits.MAX_WORDS) {
                    throw new TextFiles.Unusable("has more than " + InputLimits.MAX_WORDS
                            + " words, the limit for one receipt");
                }
                inWord = true;
            }
        }
    }

    /** Parses box-file text; problems are added to the given list. */
    public static List<Segment> parse(String text, String name, List<Problem> problems) {
        List<Segment> segments = new ArrayList<>();
        int index = 0;
        int lineNo = 0;
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            // a line ends at LF, CRLF or a lone CR (old Mac files), as a text reader reads them
            int end = pos;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String line = text.substring(pos, end);
            pos = end + (end + 1 < n && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n' ? 2 : 1);
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int segIndex = index++;
            int[] pts = new int[8];
            int start = 0;
            String error = null;
            for (int k = 0; k < 8; k++) {
                int comma = line.indexOf(',', start);
                if (comma < 0) {
                    error = "expected 8 coordinates and a text, found only " + (k + 1) + " field"
                            + (k == 0 ? "" : "s");
                    break;
                }
                String field = line.substring(start, comma).trim();
                try {
                    pts[k] = Integer.parseInt(field);
                } catch (NumberFormatException e) {
                    error = "coordinate " + (k + 1) + " '" + field + "' is not an integer";
                    break;
                }
                if (Math.abs((long) pts[k]) > InputLimits.MAX_COORDINATE) {
                    error = "coordinate " + (k + 1) + " " + field + " is out of range (at most "
                            + InputLimits.MAX_COORDINATE + " pixels either way)";
                    break;
                }
                start = comma + 1;
            }
            if (error != null) {
                problems.add(Problem.error(name, lineNo, error + "; line skipped"));
                continue;
            }
            segments.add(new Segment(segIndex, lineNo, pts, line.substring(start)));
        }
        return segments;
    }

    /** The box-file text for the given segments (LF line ends, as most SROIE files). */
    public static String format(List<Segment> segments) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            for (int p : s.points()) {
                sb.append(p).append(',');
            }
            sb.append(s.text()).append('\n');
        }
        return sb.toString();
    }
}
