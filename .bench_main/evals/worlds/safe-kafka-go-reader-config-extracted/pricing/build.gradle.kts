plugins {
    kotlin("jvm") version "1.9.23"
    application
}

group = "com.acme.treasury"
version = "0.4.0"

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.6.1")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.0")
}

application { mainClass.set("com.acme.treasury.pricing.PricingKt") }
