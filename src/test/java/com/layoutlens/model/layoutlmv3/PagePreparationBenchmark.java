package com.layoutlens.model.layoutlmv3;

import com.layoutlens.model.encode.PageImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where LayoutLMv3's page preparation spends its time (a main, not a test): for the first N
 * scans of a folder, decoding the file, turning the decoded image into 224 x 224 pixels
 * ({@link PageImage#prepare}: reading the pixels out, the two resampling passes) and the
 * whole of {@link LayoutLMv3ImageProcessor#read} (all of it plus rescaling and normalising),
 * each summed over the scans after one untimed pass. Prints the load average beside them.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   com.layoutlens.model.layoutlmv3.PagePreparationBenchmark ../shared/sroie/img [n] [rounds]
 * </pre>
 */
public final class PagePreparationBenchmark {

    private PagePreparationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "../shared/sroie/img");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().limit(n).toList();
        }
        LayoutLMv3ImageProcessor processor = LayoutLMv3ImageProcessor.defaults(PageImage.SIZE);
        BufferedImage[] decoded = new BufferedImage[files.size()];
        long pixels = 0;
        for (int i = 0; i < files.size(); i++) {
            decoded[i] = ImageIO.read(files.get(i).toFile());
            pixels += (long) decoded[i].getWidth() * decoded[i].getHeight();
            processor.prepare(decoded[i]);
        }
        System.out.printf(Locale.ROOT, "%d scans, %.2f Mpixels on average, image type %d%n", files.size(),
                pixels / 1e6 / files.size(), decoded[0].getType());
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            for (Path f : files) {
                ImageIO.read(f.toFile());
            }
            long t1 = System.nanoTime();
            for (BufferedImage image : decoded) {
                PageImage.prepare(image, PageImage.SIZE);
            }
            long t2 = System.nanoTime();
            for (BufferedImage image : decoded) {
                processor.prepare(image);
            }
            long t3 = System.nanoTime();
            for (Path f : files) {
                processor.read(f);
            }
            long t4 = System.nanoTime();
            System.out.printf(Locale.ROOT, "round %d: per scan decode %.1f ms, resize %.1f ms, resize + normalise "
                            + "%.1f ms, file to pixels %.1f ms (load average %s)%n", round,
                    (t1 - t0) / 1e6 / files.size(), (t2 - t1) / 1e6 / files.size(), (t3 - t2) / 1e6 / files.size(),
                    (t4 - t3) / 1e6 / files.size(), Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
    }
}
