package com.acme.payments;

import com.acme.payments.avro.PaymentCaptured;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public final class PaymentsApi {
    public record CaptureRequest(String accountId, long amountCents, String currency) {
    }

    public static void main(String[] args) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PaymentEventProducer events = new PaymentEventProducer(
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                System.getenv().getOrDefault("SCHEMA_REGISTRY_URL", "http://localhost:8081"),
                registry);
        Javalin app = Javalin.create();
        app.get("/metrics", ctx -> ctx.result(registry.scrape()));
        app.post("/payments", ctx -> {
            CaptureRequest req = ctx.bodyAsClass(CaptureRequest.class);
            PaymentCaptured event = PaymentCaptured.newBuilder()
                    .setPaymentId(UUID.randomUUID().toString())
                    .setAccountId(req.accountId())
                    .setAmountCents(req.amountCents())
                    .setCurrency(req.currency())
                    .setCapturedAt(Instant.now())
                    .build();
            events.publish(event);
            ctx.status(201).json(Map.of("paymentId", event.getPaymentId()));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(events::close));
        app.start(8080);
    }
}
