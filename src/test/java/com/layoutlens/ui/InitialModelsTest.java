package com.layoutlens.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InitialModelsTest {

    @TempDir
    Path tmp;

    private Path model(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{}");
        return dir;
    }

    @Test
    void demoModelsComeFirstLayoutLMAsAAndLayoutLMv2AsB() throws Exception {
        model("a-hub-download");
        Path v2 = model("demo-layoutlmv2");
        Path v1 = model("demo-layoutlm");
        model("run-20260101-120000");
        Files.createDirectories(tmp.resolve("aaa-not-a-model"));
        assertEquals(List.of(v1, v2), LayoutLensApp.initialModels(List.of(), tmp));
    }

    @Test
    void withoutDemoModelsTheFirstTwoFoldersAreTaken() throws Exception {
        Path x = model("x");
        Path b = model("b");
        model("z");
        assertEquals(List.of(b, x), LayoutLensApp.initialModels(List.of(), tmp));
    }

    @Test
    void givenFoldersWin() throws Exception {
        model("demo-layoutlm");
        assertEquals(List.of(Path.of("mine")), LayoutLensApp.initialModels(List.of("--model-b", "mine"), tmp));
    }

    @Test
    void theCommittedDemoModelsAreFound() {
        List<Path> found = LayoutLensApp.initialModels(List.of());
        org.junit.jupiter.api.Assumptions.assumeTrue(found.size() == 2);
        assertEquals(List.of(Path.of("models", "demo-layoutlm"), Path.of("models", "demo-layoutlmv2")), found);
    }
}
