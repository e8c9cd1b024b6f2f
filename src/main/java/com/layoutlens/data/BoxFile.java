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
 * do not shift when it is fixed.
 */
public final class BoxFile {

    /** The segments read and the problems met. */
    public record ReadResult(List<Segment> segments, List<Problem> problems) {
    }

    private BoxFile() {
    }

    public static ReadResult read(Path file) throws IOException {
        TextFiles.Decoded d = TextFiles.read(file);
        List<Problem> problems = new ArrayList<>();
        if (d.fallback()) {
            problems.add(Problem.warning(file.toString(), 0,
                    "not valid UTF-8; read as " + TextFiles.FALLBACK.name()));
        }
        return new ReadResult(parse(d.text(), file.toString(), problems), problems);
    }

    /** Parses box-file text; problems are added to the given list. */
    public static List<Segment> parse(String text, String name, List<Problem> problems) {
        List<Segment> segments = new ArrayList<>();
        int index = 0;
        int lineNo = 0;
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = n;
            }
            String line = text.substring(pos, end);
            pos = end + 1;
            lineNo++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
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
