package com.containermanager.admin;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.auth.Role;
import com.containermanager.group.Groups;
import com.containermanager.job.JobService;
import com.containermanager.limits.Usage;
import com.containermanager.limits.UsageSource;
import com.containermanager.limits.UserLimits;
import com.containermanager.user.AccountSummary;
import com.containermanager.user.Accounts;
import com.containermanager.user.MeResponse;
import com.containermanager.user.spi.UserResources;
import com.containermanager.web.ApiException;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.Page;
import com.containermanager.web.PageCursor;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Users as admins manage them: listed with usage, suspended and resumed, promoted, given limits, deleted. */
@Service
class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);
    private static final String CURSOR = "admin-users";

    private final Accounts accounts;
    private final Groups groups;
    private final UserLimits userLimits;
    private final List<UsageSource> usageSources;
    private final List<UserResources> resources;
    private final JobService jobs;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    UserAdministration(
            Accounts accounts,
            Groups groups,
            UserLimits userLimits,
            List<UsageSource> usageSources,
            List<UserResources> resources,
            JobService jobs,
            TransactionTemplate transactions,
            ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.groups = groups;
        this.userLimits = userLimits;
        this.usageSources = usageSources;
        this.resources = resources.stream()
                .sorted(Comparator.comparingInt(UserResources::order))
                .toList();
        this.jobs = jobs;
        this.transactions = transactions;
        this.events = events;
    }

    /** What PATCH /admin/users/{id} changes; what is null stays as it is. */
    record Changes(
            @Nullable Boolean suspended,
            @Nullable String role,
            @Nullable Map<String, @Nullable Long> limits) {}

    AdminUserResponse get(long userId) {
        AccountSummary account = accounts.get(userId);
        return view(account, groups.groupNamesOf(List.of(userId)).getOrDefault(userId, List.of()));
    }

    /** Accounts whose name contains q, by id; each with its usage, which asks every usage source. */
    Page<AdminUserResponse> list(String q, int limit, @Nullable String cursor) {
        long after = cursor == null ? 0 : decode(cursor);
        Page<AccountSummary> page = Page.of(
                accounts.search(q, after, limit + 1),
                limit,
                account -> PageCursor.encode(CURSOR, Long.toString(account.id())));
        Map<Long, List<String>> groupNames = groups.groupNamesOf(
                page.items().stream().map(AccountSummary::id).toList());
        return page.map(account -> view(account, groupNames.getOrDefault(account.id(), List.of())));
    }

    /** An account without a password, for someone who will sign in through an identity provider. */
    AdminUserResponse invite(AuthenticatedUser admin, String username, @Nullable String role) {
        Role parsed = role == null ? Role.USER : parseRole(role);
        long id = accounts.invite(username, parsed);
        events.publishEvent(new AdminActed(admin.id(), id, "admin.user.invite", Long.toString(id), parsed.value()));
        return get(id);
    }

    AdminUserResponse change(AuthenticatedUser admin, long userId, Changes changes) {
        AccountSummary account = accounts.get(userId);
        if (account.state() == AccountState.DELETING) {
            throw new ConflictException("user is being deleted");
        }
        Role role = changes.role() == null ? null : parseRole(changes.role());
        if (userId == admin.id() && (Boolean.TRUE.equals(changes.suspended()) || role == Role.USER)) {
            throw new BadRequestException("an admin cannot suspend or demote themselves");
        }
        Map<String, @Nullable Long> limits = changes.limits() == null ? Map.of() : changes.limits();
        limits.forEach((name, value) -> {
            if (!UserLimits.NAMES.contains(name)) {
                throw new BadRequestException(
                        "unknown limit: " + name + " (known: " + String.join(", ", UserLimits.sortedNames()) + ")");
            }
            if (value != null && value < 0) {
                throw new BadRequestException("limit " + name + " must be 0 or more");
            }
        });
        String target = Long.toString(userId);
        if (role != null && role != account.role()) {
            accounts.setRole(userId, role);
            events.publishEvent(new AdminActed(admin.id(), userId, "admin.user.role", target, role.value()));
        }
        if (!limits.isEmpty()) {
            UserLimits.Overrides now = userLimits.change(userId, limits);
            events.publishEvent(new AdminActed(
                    admin.id(), userId, "admin.user.limits", target, new TreeMap<>(now.values()).toString()));
        }
        if (Boolean.TRUE.equals(changes.suspended()) && account.state() != AccountState.SUSPENDED) {
            suspend(admin, userId);
        } else if (Boolean.FALSE.equals(changes.suspended()) && account.state() == AccountState.SUSPENDED) {
            accounts.setState(userId, AccountState.ACTIVE);
            events.publishEvent(new AdminActed(admin.id(), userId, "admin.user.resume", target, null));
        }
        return get(userId);
    }

    /**
     * The state first, committed: from then on no token of the user works on any instance. Then what runs on the
     * user's behalf is stopped (containers stopped, not removed).
     */
    private void suspend(AuthenticatedUser admin, long userId) {
        accounts.setState(userId, AccountState.SUSPENDED);
        String detail = null;
        for (UserResources resource : resources) {
            try {
                resource.suspend(userId);
            } catch (RuntimeException e) {
                log.warn("Suspending user {}: stopping their {} failed: {}", userId, resource.kind(), e.toString());
                detail = "stopping " + resource.kind() + " failed";
            }
        }
        events.publishEvent(new AdminActed(admin.id(), userId, "admin.user.suspend", Long.toString(userId), detail));
    }

    /**
     * The account is marked as being deleted (its tokens stop at once) and a user deletion job is stored in the same
     * transaction; the job removes what the user owns, then the account. The job is the admin's.
     */
    UUID delete(AuthenticatedUser admin, long userId) {
        if (userId == admin.id()) {
            throw new BadRequestException("an admin cannot delete themselves");
        }
        accounts.get(userId);
        return transactions.execute(status -> {
            accounts.setState(userId, AccountState.DELETING);
            UUID job = jobs.submit(admin.id(), UserDeletionHandler.TYPE, new UserDeletionHandler.Payload(userId));
            events.publishEvent(
                    new AdminActed(admin.id(), userId, "admin.user.delete", Long.toString(userId), job.toString()));
            return job;
        });
    }

    private AdminUserResponse view(AccountSummary account, List<String> groupNames) {
        Map<String, Usage> usage = new HashMap<>();
        for (UsageSource source : usageSources) {
            try {
                usage.putAll(source.usageOf(account.id()));
            } catch (RuntimeException e) {
                // One account's broken state (a storage folder replaced by a link, say) must not hide every other
                // account from the admin; its usage is left out of the row and the cause goes to the log.
                log.warn("Usage of user {} left out of the admin view: {}", account.id(), e.toString());
            }
        }
        return new AdminUserResponse(
                Long.toString(account.id()),
                account.username(),
                account.role().value(),
                account.state().value(),
                account.createdAt(),
                account.lastLoginAt(),
                account.stateChangedAt(),
                account.hasPassword(),
                groupNames,
                MeResponse.UsageResponse.of(usage),
                new TreeMap<>(userLimits.of(account.id()).values()));
    }

    private static Role parseRole(String role) {
        return Role.parse(role).orElseThrow(() -> new BadRequestException("role must be user or admin"));
    }

    private static long decode(String cursor) {
        try {
            return Long.parseLong(PageCursor.decode(CURSOR, cursor, 1).getFirst());
        } catch (NumberFormatException e) {
            throw PageCursor.invalid();
        }
    }

    /** 409 with a message. */
    static final class ConflictException extends ApiException {
        ConflictException(String message) {
            super(HttpStatus.CONFLICT, message);
        }
    }
}
