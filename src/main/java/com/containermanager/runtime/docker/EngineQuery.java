package com.containermanager.runtime.docker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Query values of the engine's API as the client writes them, and the JSON mapper of the adapter. */
final class EngineQuery {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private EngineQuery() {}

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A {@code filters} value: a JSON object of lists, encoded for the query string. */
    static String filters(Map<String, List<String>> filters) {
        return encode(JSON.writeValueAsString(filters));
    }

    /** Labels as the engine's {@code label} filter takes them: every one of them must match. */
    static List<String> labelFilter(Map<String, String> labels) {
        List<String> filter = new ArrayList<>();
        labels.forEach((key, value) -> filter.add(key + "=" + value));
        return filter;
    }
}
