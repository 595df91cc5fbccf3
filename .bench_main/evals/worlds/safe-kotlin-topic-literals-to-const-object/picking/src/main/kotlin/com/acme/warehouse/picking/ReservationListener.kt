package com.acme.warehouse.picking

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import org.slf4j.LoggerFactory
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.stereotype.Component

@Component
class ReservationListener(
    private val planner: PickTaskPlanner,
    private val kafka: KafkaTemplate<String, String>,
    private val mapper: ObjectMapper,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @KafkaListener(topics = ["inventory.reserved"], groupId = "picking")
    fun onReserved(payload: String) {
        val reservation: Reservation = mapper.readValue(payload)
        val task = planner.plan(reservation)
        kafka.send("picking.tasks", task.zone, mapper.writeValueAsString(task)).get()
        log.info("planned {} for order {}", task.taskId, task.orderId)
    }
}
