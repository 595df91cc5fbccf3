package com.acme.web.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.streams.kstream.ValueMapper;

/** Extracts the logged-in user id of a raw page view, or null for anonymous or unparsable views. */
final class PageViewParser implements ValueMapper<String, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String apply(String raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            JsonNode user = node.get("user_id");
            return user == null || user.isNull() ? null : user.asText();
        } catch (Exception e) {
            return null;
        }
    }
}
