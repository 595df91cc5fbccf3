package com.acme.search;

import java.util.Map;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class Indexer {
    @Bean
    public Consumer<Map<String, Object>> indexProduct(SearchClient client) {
        return product -> client.upsert((String) product.get("sku"), product);
    }

    public interface SearchClient { void upsert(String id, Map<String, Object> doc); }
}
