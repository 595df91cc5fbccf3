package com.palletops.scanner

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.serialization.StringSerializer
import java.util.Properties

data class Scan(val sku: String, val location: String, val delta: Int)

private val mapper = jacksonObjectMapper()

fun main() {
    val props = Properties()
    props[ProducerConfig.BOOTSTRAP_SERVERS_CONFIG] = System.getenv("KAFKA_BOOTSTRAP")
    props[ProducerConfig.ACKS_CONFIG] = "all"
    props[ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG] = StringSerializer::class.java.name
    props[ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG] = StringSerializer::class.java.name
    KafkaProducer<String, String>(props).use { producer ->
        generateSequence { readLine() }.forEach { line ->
            val (sku, location, delta) = line.split(",")
            val scan = Scan(sku, location, delta.toInt())
            producer.send(ProducerRecord("warehouse.scans", scan.location, mapper.writeValueAsString(scan)))
        }
    }
}
