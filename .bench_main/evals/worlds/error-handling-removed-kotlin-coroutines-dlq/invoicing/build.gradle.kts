plugins {
    kotlin("jvm") version "1.9.23"
    application
}

group = "com.meterly"
version = "1.7.0"

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.7.0")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.0")
    implementation("org.slf4j:slf4j-api:2.0.12")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.0")
    runtimeOnly("ch.qos.logback:logback-classic:1.5.3")
    runtimeOnly("org.postgresql:postgresql:42.7.3")
}

application { mainClass.set("com.meterly.invoicing.MainKt") }
