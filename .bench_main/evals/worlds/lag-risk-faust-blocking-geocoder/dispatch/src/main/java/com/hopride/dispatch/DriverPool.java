package com.hopride.dispatch;

import org.springframework.stereotype.Component;

@Component
public class DriverPool {
    public void offer(String rideId, String h3Cell) {
        // ranks idle drivers in neighbouring cells and pushes the offer (omitted)
    }
}
