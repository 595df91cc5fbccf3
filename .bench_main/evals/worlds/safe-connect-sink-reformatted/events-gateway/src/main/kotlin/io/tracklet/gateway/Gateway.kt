package io.tracklet.gateway

import io.javalin.Javalin
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.serialization.StringSerializer

const val EVENTS_TOPIC = "app.events"

fun main() {
    val producer = KafkaProducer<String, String>(
        mapOf(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to (System.getenv("KAFKA_BOOTSTRAP") ?: "localhost:9092"),
            ProducerConfig.ACKS_CONFIG to "all",
            ProducerConfig.LINGER_MS_CONFIG to 20,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG to StringSerializer::class.java,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG to StringSerializer::class.java,
        ),
    )
    Javalin.create().post("/v1/events") { ctx ->
        val deviceId = ctx.header("X-Device-Id") ?: return@post ctx.status(400).result("missing X-Device-Id").let { }
        producer.send(ProducerRecord(EVENTS_TOPIC, deviceId, ctx.body())) { _, e ->
            if (e != null) System.err.println("event from $deviceId lost: ${e.message}")
        }
        ctx.status(202)
    }.start(8080)
}
