package net.pagerly.hub;

import org.springframework.stereotype.Component;

@Component
public class Channels {
    public String deliver(String alertJson) {
        // on-call lookup and SMS/voice/push fan-out live here (omitted)
        return "{\"delivered\":true}";
    }
}
