package eu.freightline.customs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class DeclarationWorker {
    private static final Logger log = LoggerFactory.getLogger(DeclarationWorker.class);
    static final String SHIPMENTS = "shipments.booked";
    static final String DEAD_LETTERS = "customs.declarations.dlq";

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

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
             KafkaProducer<String, String> deadLetters = new KafkaProducer<>(p)) {
            consumer.subscribe(List.of(SHIPMENTS));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        JsonNode shipment = json.readTree(record.value());
                        gateway.file(Declaration.from(shipment));
                    } catch (Exception e) {
                        log.warn("declaration failed for shipment {}: {}", record.key(), e.getMessage());
                        ProducerRecord<String, String> dead = new ProducerRecord<>(DEAD_LETTERS, record.key(), record.value());
                        dead.headers().add("x-error", String.valueOf(e.getMessage()).getBytes());
                        deadLetters.send(dead).get();
                    }
                }
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not write to " + DEAD_LETTERS, e);
        }
    }
}
