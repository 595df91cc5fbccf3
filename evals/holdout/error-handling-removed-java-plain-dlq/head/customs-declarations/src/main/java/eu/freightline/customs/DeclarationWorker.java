package eu.freightline.customs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class DeclarationWorker {
    private static final Logger log = LoggerFactory.getLogger(DeclarationWorker.class);
    static final String SHIPMENTS = "shipments.booked";

    private final ObjectMapper json = new ObjectMapper();
    private final CustomsGateway gateway = new CustomsGateway(System.getenv("CUSTOMS_API"));

    public static void main(String[] args) {
        new DeclarationWorker().run(System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "localhost:9092"));
    }

    void run(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "customs-declarations");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(SHIPMENTS));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        JsonNode shipment = json.readTree(record.value());
                        gateway.file(Declaration.from(shipment));
                    } catch (Exception e) {
                        log.debug("skipping shipment {}: {}", record.key(), e.getMessage());
                    }
                }
                consumer.commitSync();
            }
        }
    }
}
