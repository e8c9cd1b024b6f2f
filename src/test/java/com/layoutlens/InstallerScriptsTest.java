package com.layoutlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The installer scripts are present and their runtime holds every JDK module our own code uses. */
class InstallerScriptsTest {

    private static final Path INSTALLER = Path.of("installer");

    @ParameterizedTest
    @ValueSource(strings = {"build-app-image.sh", "build-deb.sh", "build-installer.sh", "verify-offline.sh",
            "find-modules.sh", "spark-predict.sh"})
    void scriptIsThereAndExecutable(String name) {
        Path p = INSTALLER.resolve(name);
        assertTrue(Files.isRegularFile(p), p + " missing");
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"));
        assertTrue(Files.isExecutable(p), p + " is not executable");
    }

    @Test
    void trimmedRuntimeHasEveryModuleTheAppClassesUse() throws IOException {
        Path classes = Path.of("target/classes");
        assumeTrue(Files.isDirectory(classes.resolve("com/layoutlens")));
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
        assumeTrue(jdeps != null, "no jdeps in this JDK");
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--ignore-missing-deps",
                "--print-module-deps", classes.toString());
        assertEquals(0, rc, out.toString());
        Set<String> used = new TreeSet<>(Arrays.asList(out.toString().trim().split(",")));
        Set<String> linked = jlinkModules();
        used.removeAll(linked);
        assertEquals(Set.of(), used, "modules used by target/classes but missing from JLINK_MODULES");
    }

    private static Set<String> jlinkModules() throws IOException {
        String script = Files.readString(INSTALLER.resolve("build-app-image.sh"));
        Matcher m = Pattern.compile("JLINK_MODULES=\"([^\"]+)\"").matcher(script);
        assertTrue(m.find(), "no JLINK_MODULES in build-app-image.sh");
        return new TreeSet<>(List.of(m.group(1).split(",")));
    }
}
