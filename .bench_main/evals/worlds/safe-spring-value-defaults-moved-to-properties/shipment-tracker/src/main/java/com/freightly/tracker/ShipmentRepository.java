package com.freightly.tracker;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class ShipmentRepository {

    private final JdbcTemplate jdbc;

    public ShipmentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String findByCarrierReference(String carrierRef) {
        return jdbc.query("SELECT id FROM shipments WHERE carrier_ref = ?",
                rs -> rs.next() ? rs.getString(1) : null, carrierRef);
    }
}
