package com.acme.treasury.pricing

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.common.serialization.StringDeserializer
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap

object RateBook {
    val mids = ConcurrentHashMap<String, Double>()
}

fun main() {
    val consumer = KafkaConsumer<String, String>(
        mapOf(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to "kafka:9092",
            ConsumerConfig.GROUP_ID_CONFIG to "pricing-rates",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG to "latest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG to StringDeserializer::class.java.name,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG to StringDeserializer::class.java.name,
        ),
    )
    val mapper = jacksonObjectMapper()
    consumer.subscribe(listOf("fx.rates"))
    while (true) {
        for (rec in consumer.poll(Duration.ofMillis(200))) {
            val node = mapper.readTree(rec.value())
            RateBook.mids[rec.key()] = node["mid"].asDouble()
        }
    }
}
