package com.containermanager.group;

import com.containermanager.limits.LimitSettings;
import com.containermanager.web.ApiException;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Groups, their budgets and their members, in PostgreSQL. */
@Service
public class Groups {

    /**
     * The budgets a group can have, by the limits' names: running containers, and their CPUs (in thousandths, as
     * per-user overrides take them) and memory by their profiles, and the sizes of their volumes. Each is enforced by
     * the module that enforces the limit of that name.
     */
    public static final Set<String> BUDGET_NAMES = Set.of(
            LimitSettings.RUNNING_CONTAINERS,
            LimitSettings.RUNNING_CPUS,
            LimitSettings.RUNNING_MEMORY_BYTES,
            LimitSettings.VOLUME_BYTES);

    private static final int MAX_NAME = 128;
    private static final TypeReference<Map<String, Long>> BUDGETS = new TypeReference<>() {};
    private static final String GROUP_COLUMNS = "g.id, g.name, g.budgets, g.created_at, "
            + "(select count(*) from group_members m where m.group_id = g.id) as members";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Groups(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Group> list() {
        return jdbc.sql("select " + GROUP_COLUMNS + " from user_groups g order by lower(g.name)")
                .query(this::group)
                .list();
    }

    public Group get(long id) {
        return jdbc.sql("select " + GROUP_COLUMNS + " from user_groups g where g.id = :id")
                .param("id", id)
                .query(this::group)
                .optional()
                .orElseThrow(Groups::notFound);
    }

    @Transactional
    public Group create(String name, Map<String, @Nullable Long> budgets) {
        String checked = checkName(name);
        Map<String, Long> values = applyChanges(Map.of(), budgets);
        try {
            long id = jdbc.sql("insert into user_groups (name, budgets) values (:name, cast(:budgets as jsonb)) "
                            + "returning id")
                    .param("name", checked)
                    .param("budgets", json.writeValueAsString(values))
                    .query(Long.class)
                    .single();
            return get(id);
        } catch (DuplicateKeyException e) {
            throw new GroupNameTakenException();
        }
    }

    /** Renames and changes budgets (a null budget removes it); what is absent stays as it was. */
    @Transactional
    public Group update(long id, @Nullable String name, @Nullable Map<String, @Nullable Long> budgetChanges) {
        Group group = get(id);
        String newName = name == null ? group.name() : checkName(name);
        Map<String, Long> budgets =
                budgetChanges == null ? group.budgets() : applyChanges(group.budgets(), budgetChanges);
        try {
            jdbc.sql("update user_groups set name = :name, budgets = cast(:budgets as jsonb) where id = :id")
                    .param("name", newName)
                    .param("budgets", json.writeValueAsString(budgets))
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new GroupNameTakenException();
        }
        return get(id);
    }

    @Transactional
    public void delete(long id) {
        if (jdbc.sql("delete from user_groups where id = :id").param("id", id).update() == 0) {
            throw notFound();
        }
    }

    public List<Membership> members(long groupId) {
        get(groupId);
        return jdbc.sql("select m.group_id, g.name, m.user_id, m.source, m.added_at from group_members m "
                        + "join user_groups g on g.id = m.group_id where m.group_id = :group order by m.user_id")
                .param("group", groupId)
                .query(Groups::membership)
                .list();
    }

    public List<Membership> groupsOf(long userId) {
        return jdbc.sql("select m.group_id, g.name, m.user_id, m.source, m.added_at from group_members m "
                        + "join user_groups g on g.id = m.group_id where m.user_id = :user order by lower(g.name)")
                .param("user", userId)
                .query(Groups::membership)
                .list();
    }

    /** The groups of each of these users, by name. */
    public Map<Long, List<String>> groupNamesOf(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<String>> names = new HashMap<>();
        jdbc.sql("select m.user_id, g.name from group_members m join user_groups g on g.id = m.group_id "
                        + "where m.user_id in (:users) order by lower(g.name)")
                .param("users", userIds)
                .query((rs, n) -> names.computeIfAbsent(rs.getLong("user_id"), id -> new ArrayList<>())
                        .add(rs.getString("name")))
                .list();
        return names;
    }

    /** Adds a member as an admin: a membership from the provider becomes the admin's, which sign-ins keep. */
    @Transactional
    public void addMember(long groupId, long userId) {
        get(groupId);
        try {
            jdbc.sql("insert into group_members (group_id, user_id, source) values (:group, :user, 'admin') "
                            + "on conflict (group_id, user_id) do update set source = 'admin'")
                    .param("group", groupId)
                    .param("user", userId)
                    .update();
        } catch (DataIntegrityViolationException e) {
            throw new NotFoundException("user not found");
        }
    }

    @Transactional
    public void removeMember(long groupId, long userId) {
        int removed = jdbc.sql("delete from group_members where group_id = :group and user_id = :user")
                .param("group", groupId)
                .param("user", userId)
                .update();
        if (removed == 0) {
            throw new NotFoundException("member not found");
        }
    }

    /**
     * Makes the user's provider memberships those of the claim: groups that do not exist are made (without budgets),
     * groups the claim no longer names are left, memberships an admin added stay whatever the claim says. Names that
     * are not fit for a group (empty, too long, control characters) are skipped. The user's groups after it.
     */
    @Transactional
    public List<Membership> syncFromProvider(long userId, Collection<String> claimed) {
        Map<String, String> byKey = new TreeMap<>();
        for (String name : claimed) {
            if (validName(name)) {
                byKey.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), name.strip());
            }
        }
        List<Long> ids = new ArrayList<>();
        for (String name : byKey.values()) {
            jdbc.sql("insert into user_groups (name) values (:name) on conflict do nothing")
                    .param("name", name)
                    .update();
            ids.add(jdbc.sql("select id from user_groups where lower(name) = lower(:name)")
                    .param("name", name)
                    .query(Long.class)
                    .single());
        }
        jdbc.sql("delete from group_members where user_id = :user and source = 'provider'"
                        + (ids.isEmpty() ? "" : " and group_id not in (:ids)"))
                .param("user", userId)
                .param("ids", ids.isEmpty() ? List.of(0L) : ids)
                .update();
        for (long id : ids) {
            jdbc.sql("insert into group_members (group_id, user_id, source) values (:group, :user, 'provider') "
                            + "on conflict (group_id, user_id) do nothing")
                    .param("group", id)
                    .param("user", userId)
                    .update();
        }
        return groupsOf(userId);
    }

    /**
     * The budgets of these kinds of every group the user is in, with their members, in group id order (the order
     * their locks are taken in), then by kind. A budget of 0, like a limit of 0, bounds nothing and is left out.
     */
    public List<GroupBudget> budgetsOf(long userId, Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select g.id, g.name, b.key as kind, b.value::bigint as budget, "
                        + "array(select m2.user_id from group_members m2 where m2.group_id = g.id) as members "
                        + "from group_members m join user_groups g on g.id = m.group_id, "
                        + "jsonb_each_text(g.budgets) b "
                        + "where m.user_id = :user and b.key in (:kinds) and b.value::bigint > 0 "
                        + "order by g.id, b.key")
                .param("user", userId)
                .param("kinds", kinds)
                .query((rs, n) -> new GroupBudget(
                        rs.getLong("id"), rs.getString("name"), rs.getString("kind"), rs.getLong("budget"), Set.of((Long
                                        [])
                                rs.getArray("members").getArray())))
                .list();
    }

    private static Map<String, Long> applyChanges(Map<String, Long> current, Map<String, @Nullable Long> changes) {
        Map<String, Long> values = new TreeMap<>(current);
        changes.forEach((name, value) -> {
            if (!BUDGET_NAMES.contains(name)) {
                throw new BadRequestException("unknown budget: " + name + " (known: "
                        + BUDGET_NAMES.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
            if (value == null) {
                values.remove(name);
            } else if (value < 0) {
                throw new BadRequestException("budget " + name + " must be 0 or more");
            } else {
                values.put(name, value);
            }
        });
        return values;
    }

    private static String checkName(@Nullable String name) {
        if (name == null || !validName(name)) {
            throw new BadRequestException(
                    "group name must be 1 to " + MAX_NAME + " characters, without control" + " characters or '/'");
        }
        return name.strip();
    }

    private static boolean validName(String name) {
        String stripped = name.strip();
        return !stripped.isEmpty()
                && stripped.length() <= MAX_NAME
                && stripped.chars().noneMatch(c -> Character.isISOControl(c) || c == '/');
    }

    private Group group(ResultSet rs, int row) throws SQLException {
        return new Group(
                rs.getLong("id"),
                rs.getString("name"),
                json.readValue(rs.getString("budgets"), BUDGETS),
                rs.getLong("members"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static Membership membership(ResultSet rs, int row) throws SQLException {
        return new Membership(
                rs.getLong("group_id"),
                rs.getString("name"),
                rs.getLong("user_id"),
                rs.getString("source").equals("admin") ? Membership.Source.ADMIN : Membership.Source.PROVIDER,
                rs.getObject("added_at", OffsetDateTime.class).toInstant());
    }

    private static NotFoundException notFound() {
        return new NotFoundException("group not found");
    }

    /** 409: another group has this name, in any case. */
    static final class GroupNameTakenException extends ApiException {
        GroupNameTakenException() {
            super(HttpStatus.CONFLICT, "group name taken");
        }
    }
}
