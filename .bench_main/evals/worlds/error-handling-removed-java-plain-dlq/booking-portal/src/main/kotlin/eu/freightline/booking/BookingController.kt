package eu.freightline.booking

import org.springframework.kafka.core.KafkaTemplate
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.RestController

data class ShipmentBooked(
    val shipmentId: String,
    val hsCode: String,
    val origin: String,
    val destination: String,
    val declaredValueCents: Long,
)

@RestController
class BookingController(private val kafka: KafkaTemplate<String, ShipmentBooked>) {
    @PostMapping("/bookings")
    fun book(@RequestBody booking: ShipmentBooked): ShipmentBooked {
        kafka.send("shipments.booked", booking.shipmentId, booking).get()
        return booking
    }
}
