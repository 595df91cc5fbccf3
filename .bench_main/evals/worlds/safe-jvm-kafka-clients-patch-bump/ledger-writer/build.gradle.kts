plugins {
    kotlin("jvm") version "1.9.23"
    application
}

group = "com.vaultly"
version = "2.3.0"

repositories { mavenCentral() }

val kafkaVersion = "3.7.0"
val jacksonVersion = "2.17.0"

dependencies {
    implementation("org.apache.kafka:kafka-clients:$kafkaVersion")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.0")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:$jacksonVersion")
    implementation("org.postgresql:postgresql:42.7.2")
    testImplementation(kotlin("test"))
    testImplementation("org.testcontainers:kafka:1.19.6")
}

application { mainClass.set("com.vaultly.ledger.MainKt") }

tasks.test { useJUnitPlatform() }
