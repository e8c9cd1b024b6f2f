import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The small helpers tools/gpu-check.sh needs, with nothing but the JDK ({@code javac -d DIR
 * tools/GpuCheck.java}, then {@code java -cp DIR GpuCheck COMMAND ...}).
 *
 * <pre>
 * inputs MODEL_DIR OUT.safetensors   input tensors for `forward` that fit the model's config.json
 * logits A.safetensors B.safetensors the largest |difference| between two files' logits
 * labels DIR_A DIR_B                 words whose label differs between two predict outputs
 * steps TRAINING_LOG.csv             optimizer steps per second after the first step
 * json FILE KEY                      a top-level number or string of a one-line JSON object
 * </pre>
 */
public final class GpuCheck {
    private GpuCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            usage();
        }
        switch (args[0]) {
            case "inputs" -> inputs(Path.of(args[1]), Path.of(args[2]));
            case "logits" -> System.out.println(String.format(Locale.ROOT, "%.3e",
                    maxDifference(Path.of(args[1]), Path.of(args[2]), "logits")));
            case "labels" -> System.out.println(differingLabels(Path.of(args[1]), Path.of(args[2])));
            case "steps" -> System.out.println(String.format(Locale.ROOT, "%.2f", stepsPerSecond(Path.of(args[1]))));
            case "json" -> System.out.println(jsonValue(Files.readString(Path.of(args[1])), args[2]));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: GpuCheck inputs MODEL_DIR OUT | logits A B | labels DIR_A DIR_B | steps LOG | json FILE KEY");
        System.exit(2);
    }

    // ---- inputs -------------------------------------------------------------------------

    /** Two windows of 256 tokens (the second padded after 200), boxes, and the page where the family reads one. */
    static void inputs(Path model, Path out) throws IOException {
        String config = Files.readString(model.resolve("config.json"));
        String type = jsonValue(config, "model_type");
        int vocab = Integer.parseInt(jsonValue(config, "vocab_size"));
        int batch = 2;
        int tokens = 256;
        Random random = new Random(20);
        long[] ids = new long[batch * tokens];
        long[] mask = new long[batch * tokens];
        long[] bbox = new long[batch * tokens * 4];
        for (int b = 0; b < batch; b++) {
            int used = b == 0 ? tokens : 200;
            for (int t = 0; t < tokens; t++) {
                int i = b * tokens + t;
                boolean real = t < used;
                ids[i] = real ? 5 + random.nextInt(vocab - 5) : 0;
                mask[i] = real ? 1 : 0;
                int x0 = random.nextInt(900);
                int y0 = random.nextInt(950);
                bbox[4 * i] = x0;
                bbox[4 * i + 1] = y0;
                bbox[4 * i + 2] = x0 + 1 + random.nextInt(99);
                bbox[4 * i + 3] = y0 + 1 + random.nextInt(49);
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("input_ids", Tensor.ofLongs(ids, batch, tokens));
        tensors.put("attention_mask", Tensor.ofLongs(mask, batch, tokens));
        tensors.put("bbox", Tensor.ofLongs(bbox, batch, tokens, 4));
        if ("layoutlmv2".equals(type)) {
            float[] image = new float[batch * 3 * 224 * 224];
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextInt(256);
            }
            tensors.put("image", Tensor.ofFloats(image, batch, 3, 224, 224));
        } else if ("layoutlmv3".equals(type) && !"false".equals(jsonValueOrNull(config, "visual_embed"))) {
            String sizeText = jsonValueOrNull(config, "input_size");
            int size = sizeText == null ? 224 : Integer.parseInt(sizeText);
            String channelsText = jsonValueOrNull(config, "num_channels");
            int channels = channelsText == null ? 3 : Integer.parseInt(channelsText);
            float[] pixels = new float[batch * channels * size * size];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.max(-1, Math.min(1, random.nextGaussian() * 0.5));
            }
            tensors.put("pixel_values", Tensor.ofFloats(pixels, batch, channels, size, size));
        }
        write(out, tensors);
    }

    record Tensor(String dtype, long[] shape, byte[] data) {
        static Tensor ofLongs(long[] values, long... shape) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                buf.putLong(v);
            }
            return new Tensor("I64", shape, buf.array());
        }

        static Tensor ofFloats(float[] values, long... shape) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                buf.putFloat(v);
            }
            return new Tensor("F32", shape, buf.array());
        }
    }

    static void write(Path out, Map<String, Tensor> tensors) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (header.length() > 1) {
                header.append(',');
            }
            StringBuilder shape = new StringBuilder();
            for (long d : t.shape()) {
                shape.append(shape.length() == 0 ? "" : ",").append(d);
            }
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[")
                    .append(shape).append("],\"data_offsets\":[").append(offset).append(',')
                    .append(offset + t.data().length).append("]}");
            offset += t.data().length;
        }
        header.append('}');
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer all = ByteBuffer.allocate((int) (8 + h.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        all.putLong(h.length).put(h);
        for (Tensor t : tensors.values()) {
            all.put(t.data());
        }
        Files.write(out, all.array());
    }

    // ---- logits -------------------------------------------------------------------------

    static double maxDifference(Path a, Path b, String name) throws IOException {
        float[] x = readFloats(a, name);
        float[] y = readFloats(b, name);
        if (x.length != y.length) {
            throw new IllegalStateException(name + ": " + x.length + " values in " + a + ", " + y.length + " in " + b);
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs((double) x[i] - y[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    static float[] readFloats(Path file, String name) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong();
        String header = new String(all, 8, headerLength, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + Pattern.quote(name)
                + "\"\\s*:\\s*\\{[^}]*\"dtype\"\\s*:\\s*\"([A-Z0-9]+)\"[^}]*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]")
                .matcher(header);
        if (!m.find()) {
            throw new IllegalStateException(file + ": no tensor '" + name + "'");
        }
        if (!"F32".equals(m.group(1))) {
            throw new IllegalStateException(file + ": " + name + " is " + m.group(1) + ", not F32");
        }
        int start = 8 + headerLength + Integer.parseInt(m.group(2));
        int end = 8 + headerLength + Integer.parseInt(m.group(3));
        float[] out = new float[(end - start) / 4];
        buf.position(start);
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.getFloat();
        }
        return out;
    }

    // ---- labels -------------------------------------------------------------------------

    /** "DIFFERING WORDS": every word of every ID.csv in either folder; a missing file counts all its words. */
    static String differingLabels(Path a, Path b) throws IOException {
        Map<String, List<String>> left = labelFiles(a);
        Map<String, List<String>> right = labelFiles(b);
        int words = 0;
        int differing = 0;
        java.util.Set<String> ids = new java.util.TreeSet<>(left.keySet());
        ids.addAll(right.keySet());
        for (String id : ids) {
            List<String> x = left.getOrDefault(id, List.of());
            List<String> y = right.getOrDefault(id, List.of());
            int n = Math.max(x.size(), y.size());
            words += n;
            for (int i = 0; i < n; i++) {
                if (i >= x.size() || i >= y.size() || !x.get(i).equals(y.get(i))) {
                    differing++;
                }
            }
        }
        return differing + " " + words;
    }

    /** The label of each word row, file by file; the label is the column named {@code label}. */
    static Map<String, List<String>> labelFiles(Path dir) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    continue;
                }
                List<String> head = csv(lines.get(0));
                int word = head.indexOf("word");
                int segment = head.indexOf("segment");
                int label = head.indexOf("label");
                List<String> labels = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    List<String> cells = csv(line);
                    labels.add(cells.get(segment) + ":" + cells.get(word) + "=" + cells.get(label));
                }
                String name = f.getFileName().toString();
                out.put(name.substring(0, name.length() - 4), labels);
            }
        }
        return out;
    }

    /** One CSV line (RFC 4180 quotes; the label files quote a text with commas or quotes). */
    static List<String> csv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    // ---- steps and JSON -----------------------------------------------------------------

    /** Steps per second from training_log.csv's cumulative seconds, leaving out the first step (warm-up). */
    static double stepsPerSecond(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        List<String> head = csv(lines.get(0));
        int step = head.indexOf("step");
        int seconds = head.indexOf("seconds");
        List<String> first = csv(lines.get(1));
        List<String> last = csv(lines.get(lines.size() - 1));
        double steps = Double.parseDouble(last.get(step)) - Double.parseDouble(first.get(step));
        double secs = Double.parseDouble(last.get(seconds)) - Double.parseDouble(first.get(seconds));
        return steps <= 0 || secs <= 0 ? Double.NaN : steps / secs;
    }

    static String jsonValue(String json, String key) {
        String v = jsonValueOrNull(json, key);
        if (v == null) {
            throw new IllegalStateException("no \"" + key + "\" in " + json.substring(0, Math.min(200, json.length())));
        }
        return v;
    }

    /** A top-level scalar: a string's text, a number, true/false, or "null". */
    static String jsonValueOrNull(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key)
                + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9][0-9.eE+-]*|true|false|null)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }
}
