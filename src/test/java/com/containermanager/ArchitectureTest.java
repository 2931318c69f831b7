package com.containermanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The boundaries the README promises, checked on the sources. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src", "main", "java", "com", "containermanager");

    private static List<Path> sourcesOutside(String packagePath) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(MAIN.resolve(packagePath)))
                    .toList();
        }
    }

    private static List<Path> sourcesIn(String packagePath) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(packagePath))) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        }
    }

    private static List<Path> importing(List<Path> sources, String prefix) throws IOException {
        return sources.stream()
                .filter(file -> {
                    try {
                        return Files.readAllLines(file).stream().anyMatch(line -> line.startsWith("import " + prefix));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .toList();
    }

    @Test
    void onlyTheEngineAdapterSeesDockerJava() throws IOException {
        assertThat(importing(sourcesOutside("container/runtime"), "com.github.dockerjava"))
                .isEmpty();
    }

    @Test
    void jobsKnowNothingOfContainersOrFiles() throws IOException {
        assertThat(importing(sourcesIn("job"), "com.containermanager.container"))
                .isEmpty();
        assertThat(importing(sourcesIn("job"), "com.containermanager.file")).isEmpty();
    }

    @Test
    void nothingDependsOnTheContainerModule() throws IOException {
        assertThat(importing(sourcesOutside("container"), "com.containermanager.container"))
                .isEmpty();
    }

    @Test
    void authStaysBelowUsers() throws IOException {
        assertThat(importing(sourcesIn("auth"), "com.containermanager.user")).isEmpty();
    }
}
