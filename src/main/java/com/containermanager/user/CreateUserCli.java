package com.containermanager.user;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.DatabaseConfiguration;
import com.containermanager.platform.DatabaseSettings;
import com.containermanager.web.BadRequestException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The operator's way to make an account, for when registration is closed: {@code make user NAME=alice} runs the jar
 * with {@code create-user --name=alice} and the password on standard input. It needs only the database, on the
 * settings a {@code make run} in the same folder uses (config.yaml, environment, ./data): it connects to the embedded
 * PostgreSQL of a service that runs there, or starts it itself when none runs. No HTTP API, no workers.
 */
public final class CreateUserCli {

    public static final String NAME = "create-user";

    private CreateUserCli() {}

    /**
     * The command's own small context: the database (migrated) and the users table, nothing else. No stereotype
     * annotation, so the service's component scan never picks it up.
     */
    @ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        FlywayAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class
    })
    @Import({DatabaseConfiguration.class, UserRepository.class})
    @EnableConfigurationProperties({DatabaseSettings.class, DataFolderSettings.class})
    static class DatabaseOnly {}

    /** Exit codes: 0 created, 1 refused (name taken, invalid), 2 wrong use. */
    public static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err) throws IOException {
        String username = Arrays.stream(args)
                .filter(arg -> arg.startsWith("--name="))
                .map(arg -> arg.substring("--name=".length()))
                .findFirst()
                .orElse(null);
        if (username == null || username.isEmpty()) {
            err.println("usage: " + NAME + " --name=<username>, with the password on standard input");
            return 2;
        }
        String password = in.readLine();
        try {
            CredentialRules.checkUsername(username);
            CredentialRules.checkPassword(password);
        } catch (BadRequestException e) {
            err.println(e.getMessage());
            return 1;
        }
        String[] settings = Arrays.stream(args)
                .filter(arg -> !arg.startsWith("--name="))
                .filter(arg -> !arg.equals(NAME))
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DatabaseOnly.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("cm.db.attach-running=true", "logging.level.root=WARN", "spring.main.banner-mode=off")
                .run(settings)) {
            String hash = new BCryptPasswordEncoder().encode(password);
            long id = context.getBean(UserRepository.class).insert(username, hash);
            out.printf("{\"id\": \"%d\", \"username\": \"%s\"}%n", id, username);
            return 0;
        } catch (DuplicateKeyException e) {
            err.println("username already taken");
            return 1;
        }
    }

    public static void main(String[] args) throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, in, System.out, System.err));
    }
}
