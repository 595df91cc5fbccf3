package com.acme.payments.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.math.BigDecimal;
import java.time.Instant;

@Entity
public class LedgerEntry extends PanacheEntity {
    public String paymentId;
    public String merchantId;
    public BigDecimal credit;
    public String currency;
    public Instant bookedAt;
}
