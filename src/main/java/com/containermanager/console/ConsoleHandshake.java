package com.containermanager.console;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.auth.BearerTokens;
import com.containermanager.auth.Scope;
import com.containermanager.container.EngineErrorResponse;
import com.containermanager.container.OwnershipCheck;
import com.containermanager.limits.OperationRate;
import com.containermanager.limits.UserSlots;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.ExecSpec;
import com.containermanager.web.ApiException;
import com.containermanager.web.JsonErrorWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Everything a console needs is settled before the upgrade, so that every refusal is an ordinary JSON answer: who
 * the caller is (a single-use ticket, the bearer subprotocol, or an Authorization header from a non-browser
 * client), that the container is theirs (404 otherwise), a free console slot (429), and the created TTY process
 * (409 when the container is not running).
 */
@Component
class ConsoleHandshake implements HandshakeInterceptor {

    static final String SUBPROTOCOL = "bearer";
    private static final String SLOT_ATTRIBUTE = ConsoleHandshake.class.getName() + ".slot";

    private final ConsoleTickets tickets;
    private final BearerTokens tokens;
    private final OwnershipCheck owned;
    private final ContainerRuntime runtime;
    private final Consoles consoles;
    private final OperationRate operationRate;

    ConsoleHandshake(
            ConsoleTickets tickets,
            BearerTokens tokens,
            OwnershipCheck owned,
            ContainerRuntime runtime,
            Consoles consoles,
            OperationRate operationRate) {
        this.operationRate = operationRate;
        this.tickets = tickets;
        this.tokens = tokens;
        this.owned = owned;
        this.runtime = runtime;
        this.consoles = consoles;
    }

    private record Caller(long userId, List<String> cmd) {}

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws IOException {
        HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
        String containerId = containerIdOf(request.getURI().getPath());
        Optional<Caller> caller = callerOf(request, containerId);
        if (caller.isEmpty()) {
            servlet.setHeader("WWW-Authenticate", "Bearer");
            JsonErrorWriter.write(servlet, 401, "unauthorized");
            return false;
        }
        UserSlots.Slot slot = null;
        boolean handedOver = false;
        try {
            // The path names the container by id or name, as the ticket does; the engine wants its id.
            containerId = owned.requireOwnedActive(caller.get().userId(), containerId);
            slot = consoles.takeSlot(caller.get().userId());
            operationRate.admit(caller.get().userId());
            String tag = ExecProcessKiller.newTag();
            String execId = runtime.execCreate(
                    containerId,
                    new ExecSpec(
                            caller.get().cmd(),
                            List.of("TERM=xterm-256color", ExecProcessKiller.variable(tag)),
                            null,
                            true));
            attributes.put(
                    ConsoleStart.ATTRIBUTE,
                    new ConsoleStart(
                            caller.get().userId(), containerId, caller.get().cmd(), execId, tag, slot));
            ((ServletServerHttpRequest) request).getServletRequest().setAttribute(SLOT_ATTRIBUTE, slot);
            handedOver = true;
            return true;
        } catch (ApiException e) {
            JsonErrorWriter.write(servlet, e.status().value(), e.getMessage());
        } catch (EngineException e) {
            EngineErrorResponse answer = EngineErrorResponse.of(e);
            JsonErrorWriter.write(servlet, answer.status().value(), answer.error());
        } finally {
            // Whatever went wrong (an unexpected exception too), a slot not handed to the session comes back here.
            if (!handedOver) {
                release(slot);
            }
        }
        return false;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            @Nullable Exception exception) {
        // A failed upgrade never reaches the handler, which gives the slot back otherwise.
        int status = ((ServletServerHttpResponse) response).getServletResponse().getStatus();
        Object slot = ((ServletServerHttpRequest) request).getServletRequest().getAttribute(SLOT_ATTRIBUTE);
        if ((exception != null || status != 101) && slot instanceof UserSlots.Slot taken) {
            taken.close();
        }
    }

    private Optional<Caller> callerOf(ServerHttpRequest request, String containerId) {
        Map<String, List<String>> query =
                UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        List<String> cmd = query.getOrDefault("cmd", List.of()).stream()
                .map(ConsoleHandshake::decode)
                .toList();
        List<String> command = cmd.isEmpty() || cmd.size() > 256 ? ConsoleRequest.DEFAULT_CMD : cmd;
        String ticket = query.containsKey("ticket") ? query.get("ticket").getFirst() : null;
        if (ticket != null) {
            return tickets.redeem(decode(ticket))
                    .filter(redeemed -> redeemed.containerId().equals(containerId))
                    .map(redeemed -> new Caller(redeemed.userId(), redeemed.cmd()));
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AuthenticatedUser user) {
            return Optional.of(new Caller(user.id(), command));
        }
        List<String> protocols = new ArrayList<>();
        request.getHeaders().getOrEmpty("Sec-WebSocket-Protocol").forEach(header -> {
            for (String part : header.split(",")) {
                protocols.add(part.strip());
            }
        });
        if (protocols.size() == 2 && protocols.getFirst().equals(SUBPROTOCOL)) {
            return tokens.verify(protocols.get(1), Scope.CONTAINERS_WRITE).map(user -> new Caller(user.id(), command));
        }
        return Optional.empty();
    }

    private static String containerIdOf(String path) {
        String[] parts = path.split("/");
        return parts.length >= 3 ? parts[parts.length - 2] : "";
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void release(UserSlots.@Nullable Slot slot) {
        if (slot != null) {
            slot.close();
        }
    }
}
