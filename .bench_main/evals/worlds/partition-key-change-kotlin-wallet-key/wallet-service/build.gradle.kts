plugins {
    kotlin("jvm") version "2.0.10"
    kotlin("plugin.serialization") version "2.0.10"
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.8.0")
    implementation("org.jetbrains.kotlinx:kotlinx-serialization-json:1.7.1")
    implementation("io.ktor:ktor-server-netty:2.3.12")
}

application { mainClass.set("app.pennywise.wallet.MainKt") }
