package eu.freightline.customs;

import com.fasterxml.jackson.databind.JsonNode;

public record Declaration(String shipmentId, String hsCode, String originCountry, long valueCents) {
    static Declaration from(JsonNode shipment) {
        String hs = shipment.path("hsCode").asText();
        if (!hs.matches("\\d{6,10}")) {
            throw new IllegalArgumentException("invalid HS code " + hs);
        }
        return new Declaration(
            shipment.get("shipmentId").asText(), hs, shipment.get("origin").asText(), shipment.get("declaredValueCents").asLong());
    }
}
