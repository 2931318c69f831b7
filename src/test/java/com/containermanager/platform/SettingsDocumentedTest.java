package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md cannot go stale: every public key that application.yaml reads ({@code ${key:default}}) has
 * a row there that names it, its environment variable and its default.
 */
class SettingsDocumentedTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_.]+):([^}]*)}");

    @Test
    void shouldDocumentEverySettingWithItsVariableAndDefault() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(Files.readString(Path.of("src/main/resources/application.yaml")));
        while (placeholder.find()) {
            settings.put(placeholder.group(1), placeholder.group(2));
        }
        List<String> rows = Files.readString(Path.of("docs/configuration.md"))
                .lines()
                .filter(line -> line.startsWith("| `"))
                .toList();

        assertThat(settings).as("application.yaml's public keys").hasSizeGreaterThan(50);
        SoftAssertions softly = new SoftAssertions();
        settings.forEach((key, defaultValue) -> {
            List<String> row = rows.stream()
                    .filter(line -> line.startsWith("| `" + key + "` |"))
                    .toList();
            softly.assertThat(row)
                    .as("a row for %s in docs/configuration.md", key)
                    .hasSize(1);
            if (row.size() == 1) {
                String variable = key.toUpperCase(Locale.ROOT).replace('.', '_');
                String documentedDefault = defaultValue.isEmpty() ? "(empty" : "`" + defaultValue + "`";
                softly.assertThat(row.getFirst())
                        .as("%s: its variable and default", key)
                        .contains("`" + variable + "`", documentedDefault);
            }
        });
        softly.assertAll();
    }
}
