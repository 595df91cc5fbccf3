package app.pennywise.wallet

import io.ktor.http.HttpStatusCode
import io.ktor.server.application.call
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.request.receiveText
import io.ktor.server.response.respond
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.serialization.json.Json

fun main() {
    val publisher = TransactionPublisher(System.getenv("KAFKA_BOOTSTRAP") ?: "localhost:9092")
    embeddedServer(Netty, port = 8080) {
        routing {
            post("/transactions") {
                val txn = Json.decodeFromString<WalletTransaction>(call.receiveText())
                publisher.publish(txn)
                call.respond(HttpStatusCode.Accepted)
            }
        }
    }.start(wait = true)
}
