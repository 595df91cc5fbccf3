package app.pennywise.balance

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import org.apache.kafka.common.serialization.Serdes
import org.apache.kafka.streams.KafkaStreams
import org.apache.kafka.streams.StreamsBuilder
import org.apache.kafka.streams.StreamsConfig
import org.apache.kafka.streams.kstream.Consumed
import org.apache.kafka.streams.kstream.Grouped
import org.apache.kafka.streams.kstream.Materialized
import org.apache.kafka.streams.kstream.Produced
import java.util.Properties

private val mapper = jacksonObjectMapper()

fun main() {
    val builder = StreamsBuilder()
    builder.stream("wallet.transactions", Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues { json -> mapper.readTree(json)["amountMinor"].asLong() }
        .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
        .reduce(Long::plus, Materialized.`as`("wallet-balances"))
        .toStream()
        .to("wallet.balances", Produced.with(Serdes.String(), Serdes.Long()))

    val props = Properties().apply {
        put(StreamsConfig.APPLICATION_ID_CONFIG, "balance-projector")
        put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("KAFKA_BOOTSTRAP") ?: "localhost:9092")
        put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
    }
    val streams = KafkaStreams(builder.build(), props)
    Runtime.getRuntime().addShutdownHook(Thread { streams.close() })
    streams.start()
}
