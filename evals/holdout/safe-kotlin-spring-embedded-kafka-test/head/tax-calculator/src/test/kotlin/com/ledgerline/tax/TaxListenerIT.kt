package com.ledgerline.tax

import org.apache.kafka.clients.consumer.ConsumerConfig
import org.awaitility.kotlin.await
import org.awaitility.kotlin.untilNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.kafka.core.DefaultKafkaConsumerFactory
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.kafka.test.EmbeddedKafkaBroker
import org.springframework.kafka.test.context.EmbeddedKafka
import org.springframework.kafka.test.utils.KafkaTestUtils
import org.springframework.test.context.ActiveProfiles
import java.time.Duration

@SpringBootTest
@ActiveProfiles("test")
@EmbeddedKafka(partitions = 1, topics = ["orders.priced", "orders.taxed"])
class TaxListenerIT {
    @Autowired lateinit var kafka: KafkaTemplate<String, String>
    @Autowired lateinit var broker: EmbeddedKafkaBroker

    @Test
    fun `adds German VAT to a priced order`() {
        kafka.send("orders.priced", "o-1", """{"order_id":"o-1","net_cents":10000,"ship_to_region":"DE"}""").get()

        val props = KafkaTestUtils.consumerProps("tax-it-reader", "true", broker)
        props[ConsumerConfig.AUTO_OFFSET_RESET_CONFIG] = "earliest"
        DefaultKafkaConsumerFactory<String, String>(props).createConsumer().use { consumer ->
            broker.consumeFromAnEmbeddedTopic(consumer, "orders.taxed")
            val record = await.atMost(Duration.ofSeconds(10)) untilNotNull {
                KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(1)).firstOrNull()
            }
            assertTrue(record.value().contains("\"tax_cents\":1900"))
        }
    }
}
