package com.containermanager.job;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.containermanager.auth.SecuritySlice;
import com.containermanager.auth.TokenIssuer;
import com.containermanager.web.Page;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The job endpoints' answers, without a database: shapes, the paging rules, and other users' jobs. */
@WebMvcTest(JobController.class)
@Import(SecuritySlice.class)
class JobControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TokenIssuer tokens;

    @MockitoBean
    JobService jobs;

    private MockHttpServletRequestBuilder authorized(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + tokens.issue(7));
    }

    @Test
    void shouldShowACompletedJobWithItsResultInSnakeCase() throws Exception {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-28T12:00:00Z");
        given(jobs.get(id, 7))
                .willReturn(new JobView(
                        id,
                        7,
                        "container_creation",
                        JobStatus.COMPLETED,
                        "{\"container_id\": \"abc\"}",
                        null,
                        null,
                        null,
                        1,
                        at,
                        at));

        mvc.perform(authorized(get("/jobs/" + id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("completed"))
                .andExpect(jsonPath("$.result.container_id").value("abc"))
                .andExpect(jsonPath("$.created_at").value("2026-11-28T12:00:00Z"))
                .andExpect(jsonPath("$.payload").doesNotExist());
    }

    @Test
    void shouldAnswer404ForAMalformedIdAsForAnUnknownOne() throws Exception {
        mvc.perform(authorized(get("/jobs/not-a-uuid")))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\": \"job not found\", \"code\": \"job_not_found\"}", true));
        verifyNoInteractions(jobs);
    }

    @Test
    void shouldAnswer404ForAnotherUsersJob() throws Exception {
        UUID id = UUID.randomUUID();
        given(jobs.get(id, 7)).willThrow(new JobNotFoundException());

        mvc.perform(authorized(get("/jobs/" + id)))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\": \"job not found\", \"code\": \"job_not_found\"}", true));
    }

    @Test
    void shouldRefuseALimitOutOfRangeOrAMalformedBefore() throws Exception {
        mvc.perform(authorized(get("/jobs?limit=0")))
                .andExpect(status().isBadRequest())
                .andExpect(content()
                        .json("{\"error\": \"limit must be between 1 and 500\", \"code\": \"invalid_limit\"}", true));
        mvc.perform(authorized(get("/jobs?limit=501"))).andExpect(status().isBadRequest());
        mvc.perform(authorized(get("/jobs?limit=many")))
                .andExpect(status().isBadRequest())
                .andExpect(
                        content().json("{\"error\": \"invalid value for limit\", \"code\": \"invalid_limit\"}", true));
        mvc.perform(authorized(get("/jobs?before=yesterday")))
                .andExpect(status().isBadRequest())
                .andExpect(content()
                        .json("{\"error\": \"invalid value for before\", \"code\": \"invalid_before\"}", true));
        verifyNoInteractions(jobs);
    }

    /** Java reads these instants, PostgreSQL cannot hold them: the client's error, never a 500. */
    @Test
    void shouldRefuseABeforeOutsideTheYears0001To9999() throws Exception {
        for (String before : List.of("+300000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            mvc.perform(authorized(get("/jobs").param("before", before)))
                    .andExpect(status().isBadRequest())
                    .andExpect(content()
                            .json(
                                    "{\"error\": \"before must be a time between the years 0001 and 9999\", \"code\": \"invalid_before\"}",
                                    true));
        }
        verifyNoInteractions(jobs);
    }

    @Test
    void shouldListWithTheDefaultLimit() throws Exception {
        given(jobs.list(anyLong(), eq(100), any(), isNull())).willReturn(new Page<>(List.of(), null));

        mvc.perform(authorized(get("/jobs")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("X-Next-Cursor"))
                .andExpect(content().json("[]", true));
    }

    @Test
    void shouldAnnounceTheNextPageInHeaders() throws Exception {
        given(jobs.list(anyLong(), eq(2), any(), eq("abc"))).willReturn(new Page<>(List.of(), "next-one"));

        mvc.perform(authorized(get("/jobs?limit=2&cursor=abc")))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Next-Cursor", "next-one"))
                .andExpect(header().string("Link", "</jobs?limit=2&cursor=next-one>; rel=\"next\""));
    }
}
