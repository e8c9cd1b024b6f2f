package com.layoutlens.cli;

import com.layoutlens.data.samples.SampleGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code samples}: writes synthetic receipts in SROIE layout with gold label files, the
 * same bytes for the same count and seed on every machine.
 */
@Command(name = "samples",
        mixinStandardHelpOptions = true,
        description = {
                "Generate synthetic SROIE-style receipts: img/ID.jpg, box/ID.csv, key/ID.json and labels/ID.csv.",
                "The same --count and --seed give byte-identical files on every machine."
        })
public final class SamplesCommand extends CliCommand {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write into (created if absent).")
    Path out;

    @Option(names = "--count", paramLabel = "N", defaultValue = "40",
            description = "How many receipts (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "print the summary as one JSON object on stdout")
    boolean json;

    @Option(names = "--force",
            description = "Write even into a folder that holds files other than generated samples, or samples"
                    + " edited since they were written (a label corrected in the app).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > 100_000) {
            throw new LayoutLensCli.UsageException("--count must be between 1 and 100000, got " + count);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new LayoutLensCli.UsageException(out + " exists and is not a folder");
        }
        if (!force && !SampleGenerator.isSampleFolder(out)) {
            throw new LayoutLensCli.UsageException(out + " is not empty and holds files other than generated "
                    + "samples; choose another folder or add --force");
        }
        List<Path> edited = force || !Files.isDirectory(out) ? List.of() : SampleGenerator.editedSince(out);
        if (!edited.isEmpty()) {
            // a label corrected in the app is never written over without being asked
            throw new LayoutLensCli.UsageException(edited.size() + " file" + (edited.size() == 1 ? "" : "s")
                    + " changed since samples wrote " + (edited.size() == 1 ? "it" : "them") + " (edited by hand or in"
                    + " the app): " + edited.stream().limit(5).map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(", ")) + (edited.size() > 5 ? ", ..." : "")
                    + "; choose another folder, or add --force to write over them");
        }
        SampleGenerator.Written w;
        try {
            w = new SampleGenerator(seed).write(out, count);
        } catch (IOException e) {
            throw new LayoutLensCli.Failure(com.layoutlens.data.WriteErrors.describe(out, e));
        }
        PrintWriter o = out();
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("out", out.toString());
            m.put("receipts", w.ids().size());
            m.put("seed", seed);
            m.put("files", w.files().size());
            m.put("removed", w.removed().size());
            m.put("ids", w.ids());
            o.println(Json.write(m));
            o.flush();
            return 0;
        }
        o.printf(Locale.ROOT, "wrote %d sample receipts (seed %d) to %s%n", w.ids().size(), seed, out);
        for (String sub : List.of("img", "box", "key", "labels")) {
            long n = 0;
            long bytes = 0;
            for (Path p : w.files()) {
                if (p.getParent().getFileName().toString().equals(sub)) {
                    n++;
                    bytes += Files.size(p);
                }
            }
            o.printf(Locale.ROOT, "  %-8s %4d files  %8.1f KB%n", sub + "/", n, bytes / 1024.0);
        }
        o.printf(Locale.ROOT, "  ids: %s .. %s%n", w.ids().get(0), w.ids().get(w.ids().size() - 1));
        if (!w.removed().isEmpty()) {
            o.printf(Locale.ROOT, "  removed %d files of earlier samples%n", w.removed().size());
        }
        o.flush();
        return 0;
    }
}
