package com.containermanager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries, checked on the bytecode: no cycles, every dependency declared in the module's
 * package-info, nothing reaching into another module's internals. The generated module documentation in
 * docs/modules must match the code: {@code make gen-doc} rewrites it (and draws the diagram from it).
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(ContainerManagerApplication.class);
    private static final Path DOCS = Path.of("docs", "modules");
    private static final JavaClasses PRODUCTION_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.containermanager");

    @Test
    void shouldKeepEveryModuleBehindItsApi() {
        MODULES.verify();
    }

    @Test
    void shouldHaveTheModulesTheDocsName() {
        assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()))
                .containsExactlyInAnyOrder(
                        "admin",
                        "appproxy",
                        "audit",
                        "auth",
                        "cluster",
                        "console",
                        "container",
                        "dashboard",
                        "feed",
                        "file",
                        "group",
                        "job",
                        "limits",
                        "monitoring",
                        "platform",
                        "runtime",
                        "sso",
                        "user",
                        "volume",
                        "web");
    }

    @Test
    void shouldKeepTheSharedHttpLayerFreeOfTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("com.containermanager.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.containermanager.runtime..")
                .check(PRODUCTION_CLASSES);
    }

    /**
     * docker-java is a test fixture only (support/EngineFixture): the service has one engine client, in the Docker
     * adapter (runtime.docker), and the port above it knows nothing of it but its one configuration.
     */
    @Test
    void shouldKeepTheEngineClientInsideTheDockerAdapter() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.github.dockerjava..")
                .check(PRODUCTION_CLASSES);
        noClasses()
                .that()
                // The Swarm adapter speaks the same engine API through the same client (runtime.docker.EngineApi).
                .resideOutsideOfPackages(
                        "com.containermanager.runtime.docker..", "com.containermanager.runtime.swarm..")
                .and()
                .doNotHaveSimpleName("ContainerRuntimeConfiguration")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.containermanager.runtime.docker..")
                .check(PRODUCTION_CLASSES);
    }

    @Test
    void shouldHaveCurrentModuleDocumentation() throws IOException {
        Path generated = Path.of("target", "modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        for (Path file : files(generated)) {
            Files.writeString(file, inStableOrder(Files.readString(file)));
        }
        // The diagram is drawn from components.puml, which is compared below; drawing it takes most of this test's
        // time, so it is drawn only when the documentation is written (the committed one is checked to exist).
        if (Boolean.getBoolean("cm.docs.write")) {
            renderSvg(generated.resolve("components.puml"), generated.resolve("components.svg"));
            copyAll(generated, DOCS);
        }
        assertThat(DOCS.resolve("components.svg"))
                .as("docs/modules: run make gen-doc")
                .exists();
        for (Path file : files(generated)) {
            assertThat(DOCS.resolve(file.getFileName()))
                    .as("docs/modules is stale: run make gen-doc")
                    .exists()
                    .hasSameTextualContentAs(file);
        }
    }

    /**
     * The Documenter lists relations, components and events in hash order, which changes from run to run; sorted,
     * the files change only when the modules do. Runs of such lines are sorted in place (an AsciiDoc table cell's
     * leading "|" stays on the run's first line).
     */
    static String inStableOrder(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int start = 0;
        while (start < lines.size()) {
            String kind = kindOf(lines.get(start));
            int end = start + 1;
            while (kind != null && end < lines.size() && kind.equals(kindOf(lines.get(end)))) {
                end++;
            }
            if (kind != null && end - start > 1) {
                boolean cell = lines.get(start).startsWith("|");
                List<String> run = new ArrayList<>(lines.subList(start, end).stream()
                        .map(line -> cell ? line.replaceFirst("^\\|", "") : line)
                        .sorted()
                        .toList());
                if (cell) {
                    run.set(0, "|" + run.get(0));
                }
                for (int i = 0; i < run.size(); i++) {
                    lines.set(start + i, run.get(i));
                }
            }
            start = end;
        }
        return String.join("\n", lines) + "\n";
    }

    private static @Nullable String kindOf(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("Rel(")) {
            return "relation";
        }
        if (trimmed.startsWith("Component(")) {
            return "component";
        }
        if (trimmed.startsWith("* `") || trimmed.startsWith("|* `")) {
            return "item";
        }
        return null;
    }

    /** PlantUML's own Java port of dot lays it out, so no Graphviz needs to be installed. */
    private static void renderSvg(Path puml, Path svg) throws IOException {
        String source = Files.readString(puml).replaceFirst("@startuml", "@startuml\n!pragma layout smetana");
        var out = new ByteArrayOutputStream();
        new SourceStringReader(source).outputImage(out, new FileFormatOption(FileFormat.SVG));
        Files.writeString(svg, out.toString(StandardCharsets.UTF_8));
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.sorted().toList();
        }
    }

    private static void copyAll(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path file : files(from)) {
            Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
