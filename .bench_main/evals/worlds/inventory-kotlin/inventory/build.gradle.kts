plugins {
    kotlin("jvm") version "2.0.20"
    id("com.github.davidmc24.gradle.plugin.avro") version "1.9.1"
    application
}

group = "com.acme.inventory"
version = "2.3.0"

repositories {
    mavenCentral()
    maven("https://packages.confluent.io/maven/")
}

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.8.0")
    implementation("io.confluent:kafka-avro-serializer:7.7.1")
    implementation("org.apache.avro:avro:1.12.0")
    implementation("io.micrometer:micrometer-registry-prometheus:1.13.4")
    implementation("io.ktor:ktor-server-netty:2.3.12")
}

kotlin {
    jvmToolchain(21)
}

application {
    mainClass.set("com.acme.inventory.InventoryAppKt")
}
