plugins {
    kotlin("jvm") version "2.0.0"
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.8.0")
    implementation("software.amazon.awssdk:s3:2.26.20")
}

application { mainClass.set("org.quantdesk.archiver.ArchiverKt") }
