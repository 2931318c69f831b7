package com.containermanager.admin;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.container.ContainerAdministration;
import com.containermanager.group.Group;
import com.containermanager.group.Groups;
import com.containermanager.group.Membership;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.Usage;
import com.containermanager.user.Accounts;
import com.containermanager.user.MeResponse;
import com.containermanager.volume.Volumes;
import com.containermanager.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "admin")
@RestController
class AdminGroupsController {

    private final Groups groups;
    private final Volumes volumes;
    private final Accounts accounts;
    private final ContainerAdministration containers;
    private final ApplicationEventPublisher events;

    AdminGroupsController(
            Groups groups,
            Accounts accounts,
            ContainerAdministration containers,
            ApplicationEventPublisher events,
            Volumes volumes) {
        this.volumes = volumes;
        this.groups = groups;
        this.accounts = accounts;
        this.containers = containers;
        this.events = events;
    }

    record GroupRequest(
            @Schema(example = "research") @Nullable String name,

            @Schema(
                    description = "Budgets by name: running_containers, running_cpus (in thousandths of a CPU: 8000"
                            + " is 8 CPUs), running_memory_bytes, volume_bytes; null removes one, 0 bounds nothing",
                    example = "{\"running_containers\": 10, \"running_cpus\": 8000}")
            @Nullable
            Map<String, @Nullable Long> budgets) {}

    record GroupResponse(
            @Schema(example = "3") String id,
            String name,

            @Schema(
                    description = "Budgets by name (running_cpus in thousandths of a CPU); a name absent has none",
                    example = "{\"running_containers\": 10, \"running_cpus\": 8000}")
            Map<String, Long> budgets,

            long members,
            Instant createdAt) {}

    record GroupDetailResponse(
            @Schema(example = "3") String id,
            String name,
            Map<String, Long> budgets,

            @Schema(description = "What the members' running containers use together, against each budget")
            GroupUsage usage,

            List<MemberResponse> members,
            Instant createdAt) {}

    /** As /users/me counts a user's usage: CPUs as CPUs; a limit of 0 is no budget. */
    record GroupUsage(
            Usage runningContainers,

            @Schema(description = "CPUs of the members' running containers by their profiles, against running_cpus")
            MeResponse.CpuUsage runningCpus,

            @Schema(description = "Memory of the members' running containers by their profiles")
            Usage runningMemoryBytes,

            @Schema(description = "The sizes of the members' volumes together")
            Usage volumeBytes) {}

    record MemberResponse(
            @Schema(example = "7") String userId,
            @Schema(example = "alice") @Nullable String username,
            @Schema(allowableValues = {"admin", "provider"}) String source,
            Instant addedAt) {}

    @Operation(summary = "Every group, with its budgets and number of members")
    @ApiResponse(responseCode = "200", description = "The groups, by name")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @GetMapping("/admin/groups")
    List<GroupResponse> list() {
        return groups.list().stream().map(AdminGroupsController::response).toList();
    }

    @Operation(summary = "Make a group")
    @ApiResponse(responseCode = "200", description = "The group")
    @ApiResponse(responseCode = "400", description = "Invalid name, unknown budget, negative budget")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "409", description = "group name taken")
    @PostMapping("/admin/groups")
    GroupResponse create(@RequestBody GroupRequest request) {
        return response(groups.create(
                request.name() == null ? "" : request.name(),
                request.budgets() == null ? Map.of() : request.budgets()));
    }

    @Operation(summary = "One group: budgets, the members' usage against them, and the members")
    @ApiResponse(responseCode = "200", description = "The group")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "group not found")
    @GetMapping("/admin/groups/{id}")
    GroupDetailResponse get(@PathVariable String id) {
        Group group = groups.get(groupId(id));
        List<Membership> members = groups.members(group.id());
        Map<Long, String> names =
                accounts.usernames(members.stream().map(Membership::userId).toList());
        ContainerAdministration.RunningUse running =
                containers.runningUseOf(members.stream().map(Membership::userId).toList());
        Map<String, Long> budgets = group.budgets();
        GroupUsage usage = new GroupUsage(
                new Usage(running.containers(), budgets.getOrDefault(LimitSettings.RUNNING_CONTAINERS, 0L)),
                MeResponse.CpuUsage.ofThousandths(
                        new Usage(running.cpusMilli(), budgets.getOrDefault(LimitSettings.RUNNING_CPUS, 0L))),
                new Usage(running.memoryBytes(), budgets.getOrDefault(LimitSettings.RUNNING_MEMORY_BYTES, 0L)),
                new Usage(
                        volumes.volumeBytesOf(
                                members.stream().map(Membership::userId).toList()),
                        budgets.getOrDefault(LimitSettings.VOLUME_BYTES, 0L)));
        return new GroupDetailResponse(
                Long.toString(group.id()),
                group.name(),
                new TreeMap<>(group.budgets()),
                usage,
                members.stream()
                        .map(member -> new MemberResponse(
                                Long.toString(member.userId()),
                                names.get(member.userId()),
                                member.source().value(),
                                member.addedAt()))
                        .toList(),
                group.createdAt());
    }

    @Operation(summary = "Rename a group, or change its budgets")
    @ApiResponse(responseCode = "200", description = "The group, changed")
    @ApiResponse(responseCode = "400", description = "Invalid name, unknown budget, negative budget")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "group not found")
    @ApiResponse(responseCode = "409", description = "group name taken")
    @PatchMapping("/admin/groups/{id}")
    GroupResponse change(@PathVariable String id, @RequestBody GroupRequest request) {
        return response(groups.update(groupId(id), request.name(), request.budgets()));
    }

    @Operation(summary = "Delete a group (its members stay, without it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "group not found")
    @DeleteMapping("/admin/groups/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        groups.delete(groupId(id));
    }

    @Operation(summary = "Add a user to a group (a membership an identity provider's claim will not undo)")
    @ApiResponse(responseCode = "204", description = "Added, or a member already")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "group not found, user not found")
    @PutMapping("/admin/groups/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void addMember(
            @AuthenticationPrincipal AuthenticatedUser admin, @PathVariable String id, @PathVariable String userId) {
        long user = AdminUsersController.userId(userId);
        Group group = groups.get(groupId(id));
        groups.addMember(group.id(), user);
        events.publishEvent(new AdminActed(admin.id(), user, "admin.group.add", group.name(), null));
    }

    @Operation(summary = "Remove a user from a group")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @ApiResponse(responseCode = "404", description = "group not found, member not found")
    @DeleteMapping("/admin/groups/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(
            @AuthenticationPrincipal AuthenticatedUser admin, @PathVariable String id, @PathVariable String userId) {
        long user = AdminUsersController.userId(userId);
        Group group = groups.get(groupId(id));
        groups.removeMember(group.id(), user);
        events.publishEvent(new AdminActed(admin.id(), user, "admin.group.remove", group.name(), null));
    }

    private static GroupResponse response(Group group) {
        return new GroupResponse(
                Long.toString(group.id()),
                group.name(),
                new TreeMap<>(group.budgets()),
                group.members(),
                group.createdAt());
    }

    private static long groupId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("group not found");
        }
    }
}
