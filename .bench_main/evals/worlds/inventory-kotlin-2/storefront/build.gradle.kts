plugins {
    kotlin("jvm") version "2.0.20"
    application
}

group = "com.acme.shop"
version = "4.1.0"

repositories {
    mavenCentral()
    maven("https://packages.confluent.io/maven/")
}

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.8.0")
    implementation("io.confluent:kafka-avro-serializer:7.7.1")
    implementation("com.acme.inventory:inventory-schemas:2.3.0")
    implementation("org.opensearch.client:opensearch-java:2.15.0")
}

kotlin {
    jvmToolchain(21)
}

application {
    mainClass.set("com.acme.storefront.AvailabilityIndexerKt")
}
