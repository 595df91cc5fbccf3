plugins {
    kotlin("jvm") version "2.0.10"
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-streams:3.8.0")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.2")
}

application { mainClass.set("app.pennywise.balance.ProjectorKt") }
