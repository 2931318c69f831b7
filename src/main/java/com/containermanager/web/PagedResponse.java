package com.containermanager.web;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A page as the contract answers it: the body stays a JSON array, and when more items follow, the next page's cursor
 * comes in {@code X-Next-Cursor} and as a {@code Link: <...>; rel="next"} to the same list with the same limit.
 */
public final class PagedResponse {

    public static final String NEXT_CURSOR = "X-Next-Cursor";

    private PagedResponse() {}

    public static <T> ResponseEntity<List<T>> of(Page<T> page, String path, PageRequest request) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (page.nextCursor() != null) {
            String next = UriComponentsBuilder.fromPath(path)
                    .queryParam("limit", request.size())
                    .queryParam("cursor", page.nextCursor())
                    .build()
                    .toUriString();
            answer.header(NEXT_CURSOR, page.nextCursor()).header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(page.items());
    }
}
