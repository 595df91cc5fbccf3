package com.acme.finance.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class InvoiceFunctions {

    public record InvoiceRequested(String customerId, String orderId, BigDecimal amount, String currency) {}

    public record InvoiceIssued(
            String invoiceId,
            String customerId,
            String orderId,
            BigDecimal amount,
            String currency,
            LocalDate dueDate,
            Instant issuedAt) {}

    private final PaymentTerms terms;

    public InvoiceFunctions(PaymentTerms terms) {
        this.terms = terms;
    }

    /** Bound to invoice-requests (in) and invoice-issued (out) in application.yml. */
    @Bean
    public Function<InvoiceRequested, InvoiceIssued> issueInvoice() {
        return request -> new InvoiceIssued(
                UUID.randomUUID().toString(),
                request.customerId(),
                request.orderId(),
                request.amount(),
                request.currency(),
                LocalDate.now().plusDays(terms.netDays(request.customerId())),
                Instant.now());
    }
}
