plugins {
    kotlin("jvm") version "1.9.24"
    id("com.github.davidmc24.gradle.plugin.avro") version "1.9.1"
    application
}

group = "dev.tallypay"
version = "5.4.2"

repositories {
    mavenCentral()
    maven("https://packages.confluent.io/maven/")
}

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.7.0")
    implementation("io.confluent:kafka-avro-serializer:7.6.1")
    implementation("org.apache.avro:avro:1.11.3")
    implementation("io.micrometer:micrometer-registry-prometheus:1.13.2")
}

application {
    mainClass.set("dev.tallypay.cards.GatewayKt")
}
