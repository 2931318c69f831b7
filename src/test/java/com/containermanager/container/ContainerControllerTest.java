package com.containermanager.container;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.containermanager.auth.SecuritySlice;
import com.containermanager.auth.TokenIssuer;
import com.containermanager.container.creation.ContainerCreations;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import java.io.IOException;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The error contract and the security answers of the container endpoints, without Docker or a database. */
@WebMvcTest(ContainerController.class)
@Import(SecuritySlice.class)
class ContainerControllerTest {

    private static final String ID = "a".repeat(64);

    @Autowired
    MockMvc mvc;

    @Autowired
    TokenIssuer tokens;

    @MockitoBean
    ContainerService containers;

    @MockitoBean
    ContainerCreations creations;

    private MockHttpServletRequestBuilder authorized(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + tokens.issue(7));
    }

    @Test
    void shouldAnswer401WithTheContractsBodyWithoutAToken() throws Exception {
        mvc.perform(get("/containers"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().json("{\"error\": \"unauthorized\", \"code\": \"unauthorized\"}", true));
        verifyNoInteractions(containers);
    }

    @Test
    void shouldAnswer401ForATokenOfAUserThatNoLongerExists() throws Exception {
        mvc.perform(get("/containers").header("Authorization", "Bearer " + tokens.issue(SecuritySlice.UNKNOWN_USER)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("unauthorized"));
    }

    @Test
    void shouldAnswer401ForAnUnsignedToken() throws Exception {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"7\"}".getBytes());
        mvc.perform(get("/containers").header("Authorization", "Bearer " + header + "." + body + "."))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("unauthorized"));
    }

    @Test
    void shouldAnswer403InTheContractsShapeForWhatNoTokenOpens() throws Exception {
        mvc.perform(authorized(get("/actuator/env")))
                .andExpect(status().isForbidden())
                .andExpect(content().json("{\"error\": \"permission denied\", \"code\": \"permission_denied\"}", true));
    }

    @Test
    void shouldAnswer404WhenTheContainerIsNotTheCallers() throws Exception {
        given(containers.get(7, ID)).willThrow(new ContainerNotFoundException());

        mvc.perform(authorized(get("/containers/" + ID)))
                .andExpect(status().isNotFound())
                .andExpect(content()
                        .json("{\"error\": \"container not found\", \"code\": \"container_not_found\"}", true));
    }

    @Test
    void shouldAnswer409WithTheFixedMessageOnAConflict() throws Exception {
        willThrow(new ConflictingOperationException()).given(containers).start(7, ID);

        mvc.perform(authorized(patch("/containers/" + ID + "/start")))
                .andExpect(status().isConflict())
                .andExpect(content()
                        .json(
                                "{\"error\": \"conflict container operation\", \"code\": \"conflict_container_operation\"}",
                                true));
    }

    @Test
    void shouldAnswer503WhenTheEngineDoesNotAnswer() throws Exception {
        willThrow(new EngineUnavailableException(new IOException("socket closed")))
                .given(containers)
                .start(7, ID);

        mvc.perform(authorized(patch("/containers/" + ID + "/start")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content()
                        .json("{\"error\": \"container engine unavailable\", \"code\": \"engine_unavailable\"}", true));
    }

    @Test
    void shouldAnswer409WithoutTheEnginesWordsWhenItRefuses() throws Exception {
        willThrow(new EngineRefusedException("exec: \"/nope\": stat /nope: no such file", null))
                .given(containers)
                .start(7, ID);

        mvc.perform(authorized(patch("/containers/" + ID + "/start")))
                .andExpect(status().isConflict())
                .andExpect(content()
                        .json(
                                "{\"error\": \"the container engine refused the operation\", \"code\": \"engine_refused\"}",
                                true));
    }

    @Test
    void shouldRefuseAStopTimeoutOutOfRangeBeforeTheService() throws Exception {
        mvc.perform(authorized(patch("/containers/" + ID + "/stop?timeout=301")))
                .andExpect(status().isBadRequest())
                .andExpect(content()
                        .json(
                                "{\"error\": \"timeout must be between 0 and 300 seconds\", \"code\": \"invalid_timeout\"}",
                                true));
        mvc.perform(authorized(patch("/containers/" + ID + "/stop?timeout=-1"))).andExpect(status().isBadRequest());
        mvc.perform(authorized(patch("/containers/" + ID + "/stop?timeout=soon")))
                .andExpect(status().isBadRequest())
                .andExpect(content()
                        .json("{\"error\": \"invalid value for timeout\", \"code\": \"invalid_timeout\"}", true));
        verifyNoInteractions(containers);
    }

    @Test
    void shouldNameTheFieldOfAWronglyTypedBody() throws Exception {
        mvc.perform(authorized(post("/containers"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"image\": \"alpine\", \"cmd\": \"ls\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\": \"cmd has the wrong type\", \"code\": \"invalid_cmd\"}", true));
        mvc.perform(authorized(post("/containers"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"image\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\": \"malformed JSON body\", \"code\": \"invalid_request\"}", true));
        mvc.perform(authorized(post("/containers"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\": \"image is required\", \"code\": \"invalid_image\"}", true));
        verifyNoInteractions(creations);
    }

    @Test
    void shouldAnswerTheJobIdWithItsLocation() throws Exception {
        UUID jobId = UUID.randomUUID();
        given(creations.submit(anyLong(), any())).willReturn(jobId);

        mvc.perform(authorized(post("/containers"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"image\": \"alpine\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", "/jobs/" + jobId))
                .andExpect(content().json("{\"job_id\": \"" + jobId + "\"}", true));
    }

    @Test
    void shouldAnswer405AndUnsupportedMediaTypeInTheContractsShape() throws Exception {
        mvc.perform(authorized(post("/containers/" + ID + "/start")))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(
                        content().json("{\"error\": \"method not allowed\", \"code\": \"method_not_allowed\"}", true));
        mvc.perform(authorized(post("/containers"))
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value("unsupported media type"));
        verifyNoInteractions(creations);
    }
}
