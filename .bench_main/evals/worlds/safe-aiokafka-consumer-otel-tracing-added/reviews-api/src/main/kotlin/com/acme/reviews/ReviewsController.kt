package com.acme.reviews

import com.fasterxml.jackson.databind.ObjectMapper
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.RestController
import java.util.UUID

data class ReviewIn(val rating: Int, val text: String)

@RestController
class ReviewsController(
    private val kafka: KafkaTemplate<String, String>,
    private val mapper: ObjectMapper,
) {
    @PostMapping("/products/{productId}/reviews")
    fun submit(@PathVariable productId: String, @RequestBody review: ReviewIn): Map<String, String> {
        val id = UUID.randomUUID().toString()
        val event = mapOf("review_id" to id, "product_id" to productId, "rating" to review.rating, "text" to review.text)
        kafka.send("reviews.submitted", productId, mapper.writeValueAsString(event))
        return mapOf("review_id" to id)
    }
}
