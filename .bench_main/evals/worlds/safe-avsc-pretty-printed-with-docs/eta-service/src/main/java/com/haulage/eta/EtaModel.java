package com.haulage.eta;

import java.util.HashMap;
import java.util.Map;

final class EtaModel {
    private final Map<String, double[]> lastSeen = new HashMap<>();

    void observe(String shipmentId, double lat, double lon) {
        lastSeen.put(shipmentId, new double[] {lat, lon});
    }
}
