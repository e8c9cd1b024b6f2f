package com.layoutlens.ui;

import com.layoutlens.model.hub.ModelFolderInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelsViewTest {

    @Test
    void sizesAndParameterCountsReadAtAGlance() {
        assertEquals("999 B", ModelsViewModel.bytes(999));
        assertEquals("1.5 KB", ModelsViewModel.bytes(1536));
        assertEquals("682 KB", ModelsViewModel.bytes(697_893));
        assertEquals("1.7 GB", ModelsViewModel.bytes(1_825_361_101L));
        assertEquals("455.5 k", ModelsViewModel.parameters(455_469));
        assertEquals("200.7 M", ModelsViewModel.parameters(200_715_015));
        assertEquals("12", ModelsViewModel.parameters(12));
    }

    @Test
    void aProblemLeavesOutTheFolderItsRowAlreadyNames() {
        Path folder = Path.of("/data/models/broken");
        ModelFolderInfo bad = new ModelFolderInfo(folder, null, 10, -1, List.of(), "unknown", List.of("config.json"),
                List.of(), List.of(folder.resolve("config.json") + ": not a JSON object",
                folder.resolve("model.safetensors") + ": 1 weights missing: classifier.bias"));
        assertEquals("config.json: not a JSON object; model.safetensors: 1 weights missing: classifier.bias",
                ModelsViewModel.problem(bad));
        ModelFolderInfo warned = new ModelFolderInfo(folder, "LayoutLM", 10, 5, List.of("O"), "unknown",
                List.of("config.json"), List.of("no tokenizer files (vocab.txt, tokenizer.json)", "second"), List.of());
        assertEquals("no tokenizer files (vocab.txt, tokenizer.json); second", ModelsViewModel.problem(warned));
    }

    @Test
    void finishedDownloadStillShowsWhatWentWrongOnTheWay() {
        com.layoutlens.service.ModelDownloads.Outcome clean = new com.layoutlens.service.ModelDownloads.Outcome(
                "acme/tiny", Path.of("/m/tiny"), List.of("config.json", "model.safetensors"), List.of(), 2048, List.of(),
                "acme/tiny@main");
        assertEquals("acme/tiny: 2 files downloaded, 0 already complete, 2.0 KB received, in /m/tiny",
                DownloadViewModel.doneMessage(clean));
        com.layoutlens.service.ModelDownloads.Outcome warned = new com.layoutlens.service.ModelDownloads.Outcome(
                "acme/tiny", Path.of("/m/tiny"), List.of("config.json", "model.safetensors"), List.of(), 2048,
                List.of("model.safetensors: the hub sent a malformed X-Linked-Size '1e9' header; the file's size is "
                        + "checked another way"), "acme/tiny@main");
        assertEquals("acme/tiny: 2 files downloaded, 0 already complete, 2.0 KB received, in /m/tiny. On the way: "
                + "model.safetensors: the hub sent a malformed X-Linked-Size '1e9' header; the file's size is checked "
                + "another way", DownloadViewModel.doneMessage(warned));
    }

    @Test
    void hubAdviceForTheCommandLineIsToldInTheAppsWords() {
        assertEquals("model.safetensors: transfer interrupted after 5 bytes; click Download again to resume",
                DownloadViewModel.inAppWords("model.safetensors: transfer interrupted after 5 bytes; run the same command "
                        + "again to resume"));
        assertEquals("cannot reach hf.co: unknown host; copy a model folder by hand or set the Endpoint field to a mirror",
                DownloadViewModel.inAppWords("cannot reach hf.co: unknown host; copy a model folder by hand or use --endpoint"));
    }
}
