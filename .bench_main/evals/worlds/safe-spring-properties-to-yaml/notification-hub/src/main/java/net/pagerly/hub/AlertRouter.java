package net.pagerly.hub;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

@Component
public class AlertRouter {
    private final KafkaTemplate<String, String> kafka;
    private final String sentTopic;
    private final Channels channels;

    public AlertRouter(KafkaTemplate<String, String> kafka, Channels channels,
                       @Value("${hub.topics.sent}") String sentTopic) {
        this.kafka = kafka;
        this.channels = channels;
        this.sentTopic = sentTopic;
    }

    @KafkaListener(topics = "${hub.topics.alerts}")
    public void route(String alertId, String alertJson) {
        String receipt = channels.deliver(alertJson);
        kafka.send(sentTopic, alertId, receipt);
    }
}
