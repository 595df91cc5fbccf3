package com.beanline.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

final class Json {
    private static final ObjectMapper M = new ObjectMapper();

    static String field(String json, String name) {
        try {
            return M.readTree(json).path(name).asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    static String mergeCustomer(String order, String customer) {
        try {
            ObjectNode o = (ObjectNode) M.readTree(order);
            if (customer != null) {
                o.set("customer", M.readTree(customer));
            }
            return M.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
