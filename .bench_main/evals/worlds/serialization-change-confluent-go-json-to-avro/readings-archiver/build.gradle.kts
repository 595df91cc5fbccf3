plugins {
    kotlin("jvm") version "1.9.23"
    application
}

group = "com.acme.iot"
version = "0.7.1"

repositories {
    mavenCentral()
}

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.6.1")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.0")
    implementation("software.amazon.awssdk:s3:2.25.20")
    implementation("org.slf4j:slf4j-simple:2.0.12")
}

application {
    mainClass.set("com.acme.iot.archiver.MainKt")
}

kotlin {
    jvmToolchain(17)
}
