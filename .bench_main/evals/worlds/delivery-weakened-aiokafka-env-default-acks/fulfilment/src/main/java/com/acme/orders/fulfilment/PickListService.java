package com.acme.orders.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

@Service
public class PickListService {
    private static final Logger log = LoggerFactory.getLogger(PickListService.class);

    public void create(String orderId, JsonNode lines) {
        log.info("pick list for {} with {} lines", orderId, lines.size());
    }
}
