package com.containermanager.admin;

import com.containermanager.job.spi.JobExecution;
import com.containermanager.job.spi.JobHandler;
import com.containermanager.job.spi.JobOutcome;
import com.containermanager.user.Accounts;
import com.containermanager.user.spi.UserResources;
import com.containermanager.web.NotFoundException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletes a user with everything they own: each module's {@link UserResources} in order (jobs, containers, files,
 * then volumes and networks where those modules exist), then the account, whose jobs, tokens, identities and
 * memberships go with its row; audit rows stay, with the name written into them. Run again after a failure or a
 * lost worker, each step finds removed what the last run removed, so it simply goes on.
 */
@Component
class UserDeletionHandler implements JobHandler {

    static final String TYPE = "user_deletion";
    private static final Logger log = LoggerFactory.getLogger(UserDeletionHandler.class);

    record Payload(long userId) {}

    private final Accounts accounts;
    private final List<UserResources> resources;
    private final JsonMapper json;

    UserDeletionHandler(Accounts accounts, List<UserResources> resources, JsonMapper json) {
        this.accounts = accounts;
        this.resources = resources.stream()
                .sorted(Comparator.comparingInt(UserResources::order))
                .toList();
        this.json = json;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JobOutcome handle(JobExecution execution) {
        long userId = json.readValue(execution.payload(), Payload.class).userId();
        Map<String, Object> removed = new LinkedHashMap<>();
        if (accounts.existing(List.of(userId)).isEmpty()) {
            return outcome(userId, removed); // a run before this one finished the deletion
        }
        for (UserResources resource : resources) {
            execution.ensureClaimed();
            removed.put(resource.kind(), resource.removeAll(userId));
        }
        execution.ensureClaimed();
        try {
            accounts.delete(userId);
        } catch (NotFoundException e) {
            // deleted meanwhile: done all the same
        }
        log.info("Deleted user {}: {}", userId, removed);
        return outcome(userId, removed);
    }

    private static JobOutcome outcome(long userId, Map<String, Object> removed) {
        return new JobOutcome(Map.of("user_id", Long.toString(userId), "removed", removed), () -> {});
    }
}
