package com.acme.identity.accounts

import org.springframework.kafka.core.KafkaTemplate
import org.springframework.stereotype.Service

data class UserSignedUp(val userId: String, val email: String, val first_name: String?)

@Service
class SignupEvents(private val kafka: KafkaTemplate<String, UserSignedUp>) {

    fun signedUp(user: UserSignedUp) {
        kafka.send(TOPIC, user.userId, user)
    }

    companion object {
        const val TOPIC = "user.signed-up"
    }
}
