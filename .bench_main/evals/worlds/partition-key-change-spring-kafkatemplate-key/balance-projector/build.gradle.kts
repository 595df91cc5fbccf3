plugins {
    kotlin("jvm") version "1.9.23"
    application
}

group = "com.coinly"
version = "3.4.0"

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.7.0")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.0")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.0")
    implementation("com.fasterxml.jackson.datatype:jackson-datatype-jsr310:2.17.0")
    implementation("org.postgresql:postgresql:42.7.3")
}

application { mainClass.set("com.coinly.balances.MainKt") }
