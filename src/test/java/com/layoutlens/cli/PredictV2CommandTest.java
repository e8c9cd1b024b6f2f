package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code predict} with a LayoutLMv2 folder: chosen by model_type, images read from img/. */
class PredictV2CommandTest {

    @TempDir
    Path tmp;

    private Path model() throws Exception {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path v2 = resource("/fixtures/layoutlmv2/tiny-a/config.json").getParent();
        Path v1 = resource("/fixtures/layoutlm/tiny-a/config.json").getParent();
        Files.copy(v2.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(v2.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.copy(v1.resolve("vocab.txt"), dir.resolve("vocab.txt"));
        Files.copy(v1.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        return dir;
    }

    private static Path resource(String name) throws Exception {
        URL url = PredictV2CommandTest.class.getResource(name);
        return Path.of(url.toURI());
    }

    private static void image(Path file, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x / 10 + y / 10) % 2 == 0 ? 0xf0f0f0 : 0x202020);
            }
        }
        ImageIO.write(img, "jpg", file.toFile());
    }

    @Test
    void anUnsupportedModelTypeIsNamedBeforeAnythingIsRead() throws Exception {
        Path dir = model();
        // LiLT, another layout model family, which this build does not run
        String config = Files.readString(dir.resolve("config.json")).replace("\"layoutlmv2\"", "\"lilt\"");
        Files.writeString(dir.resolve("config.json"), config);
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("box"));
        CliRun r = CliRun.of("predict", "--model", dir.toString(), "--data", data.toString(), "--out",
                tmp.resolve("out").toString(), "--device", "cpu");
        assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("lilt") && r.err().contains("not supported"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void v2FolderLabelsReceiptsWithImagesAndSkipsOneWithout() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("box"));
        Files.createDirectories(data.resolve("img"));
        Files.writeString(data.resolve("box/001.csv"),
                "10,10,200,10,200,30,10,30,SDN BHD\n10,40,300,40,300,60,10,60,TOTAL RM 12.50\n",
                StandardCharsets.UTF_8);
        Files.writeString(data.resolve("box/002.csv"), "5,5,100,5,100,20,5,20,Jalan Taman\n", StandardCharsets.UTF_8);
        Files.writeString(data.resolve("box/003.csv"), "5,5,100,5,100,20,5,20,cash\n", StandardCharsets.UTF_8);
        image(data.resolve("img/001.jpg"), 400, 300);
        image(data.resolve("img/002.jpg"), 200, 100);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("predict", "--model", model().toString(), "--data", data.toString(),
                "--out", out.toString(), "--device", "cpu", "--json");
        assertEquals(LayoutLensCli.FAILED, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("written").asInt(), j.toString());
        assertEquals(1, j.get("failed").asInt());
        assertTrue(j.get("errors").toString().contains("003") && j.get("errors").toString().contains("image"),
                j.toString());
        List<LabelRow> rows = LabelFile.readStrict(out.resolve("001.csv"), LabelSet.sroie());
        assertEquals(List.of("SDN", "BHD", "TOTAL", "RM", "12.50"), rows.stream().map(LabelRow::text).toList());
        assertFalse(Files.exists(out.resolve("003.csv")));
    }
}
