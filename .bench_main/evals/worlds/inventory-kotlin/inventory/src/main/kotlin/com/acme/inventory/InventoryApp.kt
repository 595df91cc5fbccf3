package com.acme.inventory

import com.acme.inventory.avro.StockLevelChanged
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.call
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.request.receiveParameters
import io.ktor.server.response.respond
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.micrometer.prometheusmetrics.PrometheusConfig
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry
import java.time.Instant

fun main() {
    val registry = PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
    val producer = StockEventProducer(
        System.getenv("KAFKA_BOOTSTRAP_SERVERS") ?: "localhost:9092",
        System.getenv("SCHEMA_REGISTRY_URL") ?: "http://localhost:8081",
        registry,
    )
    embeddedServer(Netty, port = 8080) {
        routing {
            get("/metrics") { call.respondText(registry.scrape()) }
            post("/stock/{sku}") {
                val params = call.receiveParameters()
                val event = StockLevelChanged.newBuilder()
                    .setSku(call.parameters["sku"]!!)
                    .setWarehouseId(params["warehouse"] ?: "main")
                    .setQuantity(params["quantity"]!!.toInt())
                    .setReserved(params["reserved"]?.toInt() ?: 0)
                    .setUpdatedAt(Instant.now())
                    .build()
                producer.publish(event)
                call.respond(HttpStatusCode.Accepted)
            }
        }
    }.start(wait = true)
}
