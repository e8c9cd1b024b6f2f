package com.layoutlens.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Entities (chunks) of one tag sequence, read exactly as seqeval 1.2 reads them, and the
 * conversion of a tag sequence from one scheme to another.
 *
 * <p>Before reading, a tag is put in seqeval's form ({@link #normalize}): the outside label
 * becomes {@code O}, a plain type ({@code TOTAL}, an IO tag) becomes {@code I-TOTAL}, BILOU's
 * {@code U-}/{@code L-} become {@code S-}/{@code E-}.
 *
 * <ul>
 *   <li>{@link #lenient} is seqeval's default mode ({@code get_entities}, conlleval-compatible):
 *       an {@code I-X} after {@code O} or after another type starts an entity, a change of type
 *       ends one, {@code B-} and {@code S-} always start one, an entity ends after {@code E-} or
 *       {@code S-}. Every tag that is not {@code O} is in some entity.</li>
 *   <li>{@link #strict} is seqeval's {@code mode="strict"} with a scheme (IOB2 or IOBES): only
 *       well-formed entities count ({@code B-X I-X* } for BIO, {@code S-X} or
 *       {@code B-X I-X* E-X} for IOBES); a malformed run is no entity at all. For the IO
 *       scheme, which has no malformed sequence, strict is the default mode.</li>
 * </ul>
 */
public final class Chunks {

    /** One entity: its type and the word indexes {@code [start, end)}. */
    public record Chunk(String type, int start, int end) {
    }

    private Chunks() {
    }

    /** A tag in seqeval's form: {@code O}, or a prefix letter, {@code -} and the type. */
    public static String normalize(String tag, LabelSet schema) {
        if (tag.equals(schema.outside())) {
            return "O";
        }
        String type = schema.typeOf(tag);
        if (type == null || type.equals(tag)) {
            return "I-" + (type == null ? tag : type);
        }
        char p = tag.charAt(0);
        if (p == 'U') {
            return "S-" + type;
        }
        if (p == 'L') {
            return "E-" + type;
        }
        return p + "-" + type;
    }

    /**
     * A tag's type without a schema: the tag after a prefix {@code B- I- E- S- L- U-}, else the
     * tag itself ({@code TOTAL}, {@code O}).
     */
    public static String typeOf(String tag) {
        if (tag.length() > 2 && tag.charAt(1) == '-' && "BIESLU".indexOf(tag.charAt(0)) >= 0) {
            return tag.substring(2);
        }
        return tag;
    }

    private static char prefix(String t) {
        return t.charAt(0);
    }

    private static String type(String t) {
        // seqeval: chunk[1:].split('-', maxsplit=1)[-1] or '_'
        String rest = t.substring(1);
        int dash = rest.indexOf('-');
        String type = dash < 0 ? rest : rest.substring(dash + 1);
        return type.isEmpty() ? "_" : type;
    }

    /** seqeval's default mode over tags already in seqeval's form ({@code O}, {@code B-X}, ...). */
    public static List<Chunk> lenient(List<String> seq) {
        List<Chunk> chunks = new ArrayList<>();
        char prevTag = 'O';
        String prevType = "";
        int begin = 0;
        int n = seq.size();
        for (int i = 0; i <= n; i++) {
            String chunk = i < n ? seq.get(i) : "O";
            char tag = prefix(chunk);
            String type = type(chunk);
            if (endOfChunk(prevTag, tag, prevType, type)) {
                chunks.add(new Chunk(prevType, begin, i));
            }
            if (startOfChunk(prevTag, tag, prevType, type)) {
                begin = i;
            }
            prevTag = tag;
            prevType = type;
        }
        return chunks;
    }

    private static boolean endOfChunk(char prev, char tag, String prevType, String type) {
        boolean end = prev == 'E' || prev == 'S';
        if ((prev == 'B' || prev == 'I') && (tag == 'B' || tag == 'S' || tag == 'O')) {
            end = true;
        }
        if (prev != 'O' && prev != '.' && !prevType.equals(type)) {
            end = true;
        }
        return end;
    }

    private static boolean startOfChunk(char prev, char tag, String prevType, String type) {
        boolean start = tag == 'B' || tag == 'S';
        if ((prev == 'E' || prev == 'S' || prev == 'O') && (tag == 'E' || tag == 'I')) {
            start = true;
        }
        if (tag != 'O' && tag != '.' && !prevType.equals(type)) {
            start = true;
        }
        return start;
    }

    /**
     * seqeval's strict mode ({@code seqeval.scheme.Tokens.entities}) over tags in seqeval's form.
     *
     * @throws IllegalArgumentException on a prefix the scheme does not allow (seqeval raises too)
     */
    public static List<Chunk> strict(List<String> seq, Scheme scheme) {
        if (scheme == Scheme.IO) {
            return lenient(seq);
        }
        String allowed = scheme == Scheme.BIO ? "IOB" : "IOBES";
        for (String t : seq) {
            if (allowed.indexOf(prefix(t)) < 0) {
                throw new IllegalArgumentException("tag '" + t + "' is not allowed in the " + scheme.id() + " scheme");
            }
        }
        List<String> ext = new ArrayList<>(seq);
        ext.add("O");
        List<Chunk> out = new ArrayList<>();
        int i = 0;
        String prev = "O";
        while (i < ext.size()) {
            String token = ext.get(i);
            if (isStart(scheme, prev, token)) {
                int end = forward(scheme, ext, i + 1, token);
                if (isEnd(scheme, ext.get(end - 1), ext.get(end))) {
                    out.add(new Chunk(strictType(token), i, end));
                }
                i = end;
            } else {
                i++;
            }
            prev = ext.get(i - 1);
        }
        return out;
    }

    /** seqeval.scheme.Token.tag: the text after the prefix with dashes stripped at both ends. */
    private static String strictType(String t) {
        String s = t.substring(1);
        int a = 0, b = s.length();
        while (a < b && s.charAt(a) == '-') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '-') {
            b--;
        }
        return a == b ? "_" : s.substring(a, b);
    }

    private static int forward(Scheme scheme, List<String> ext, int start, String prev) {
        for (int i = start; i < ext.size(); i++) {
            String token = ext.get(i);
            if (isInside(scheme, prev, token)) {
                prev = token;
            } else {
                return i;
            }
        }
        return ext.size() - 2;
    }

    private static boolean isStart(Scheme scheme, String prev, String cur) {
        char c = prefix(cur);
        return c == 'B' || (scheme == Scheme.IOBES && c == 'S');
    }

    private static boolean isInside(Scheme scheme, String prev, String cur) {
        char p = prefix(prev), c = prefix(cur);
        boolean same = strictType(prev).equals(strictType(cur));
        if (!same) {
            return false;
        }
        if (scheme == Scheme.BIO) {
            return (p == 'B' || p == 'I') && c == 'I';
        }
        return (p == 'B' || p == 'I') && (c == 'I' || c == 'E');
    }

    /** Whether {@code prev} ends a chunk, {@code cur} being the token after it. */
    private static boolean isEnd(Scheme scheme, String prev, String cur) {
        char p = prefix(prev), c = prefix(cur);
        if (scheme == Scheme.IOBES) {
            return p == 'S' || p == 'E';
        }
        boolean diff = !strictType(prev).equals(strictType(cur));
        return (p == 'I' && (c == 'O' || c == 'B' || (c == 'I' && diff)))
                || (p == 'B' && (c == 'O' || c == 'B' || (c == 'I' && diff)));
    }

    /** The tags of a word sequence with these chunks, in a schema's scheme (outside label elsewhere). */
    public static List<String> encode(List<Chunk> chunks, int length, LabelSet schema) {
        List<String> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(schema.outside());
        }
        for (Chunk c : chunks) {
            for (int i = c.start(); i < c.end(); i++) {
                String p;
                switch (schema.scheme()) {
                    case IO:
                        p = "";
                        break;
                    case BIO:
                        p = i == c.start() ? "B-" : "I-";
                        break;
                    default:
                        p = c.end() - c.start() == 1 ? "S-" : i == c.start() ? "B-" : i == c.end() - 1 ? "E-" : "I-";
                }
                out.set(i, p + c.type());
            }
        }
        return out;
    }

    /**
     * A tag sequence in a schema's scheme: the entities seqeval's default mode reads from
     * {@code tags} (any scheme, the schema's types) written again in {@code target}'s scheme.
     */
    public static List<String> convert(List<String> tags, LabelSet from, LabelSet target) {
        List<String> norm = new ArrayList<>(tags.size());
        for (String t : tags) {
            norm.add(normalize(t, from));
        }
        return encode(lenient(norm), tags.size(), target);
    }
}
