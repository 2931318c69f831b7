package com.containermanager.auth;

import com.containermanager.platform.RelaxedCommits;
import com.containermanager.platform.TableRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A browser's session is kept for its lifetime from its login; after that its row is deleted. */
@Component
class BrowserSessionRetention extends TableRetention {

    BrowserSessionRetention(JdbcClient jdbc, RelaxedCommits relaxed, BrowserSessionSettings settings) {
        super("browser-sessions", settings.lifetime(), "browser_sessions", "created_at", jdbc, relaxed);
    }
}
