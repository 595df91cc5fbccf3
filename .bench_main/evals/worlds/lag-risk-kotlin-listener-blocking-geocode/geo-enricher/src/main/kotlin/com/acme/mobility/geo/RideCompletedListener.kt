package com.acme.mobility.geo

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.stereotype.Component

@Component
class RideCompletedListener(
    private val kafka: KafkaTemplate<String, String>,
    private val mapper: ObjectMapper,
) {

    @KafkaListener(topics = ["rides.completed"], groupId = "geo-enricher", concurrency = "3")
    fun onRideCompleted(payload: String) {
        val ride: RideCompleted = mapper.readValue(payload)
        val enriched = RideEnriched(
            rideId = ride.rideId,
            driverId = ride.driverId,
            fareCents = ride.fareCents,
            pickupCell = H3Cells.cellOf(ride.pickupLat, ride.pickupLon),
            dropoffCell = H3Cells.cellOf(ride.dropoffLat, ride.dropoffLon),
        )
        kafka.send("rides.enriched", ride.rideId, mapper.writeValueAsString(enriched))
    }
}
