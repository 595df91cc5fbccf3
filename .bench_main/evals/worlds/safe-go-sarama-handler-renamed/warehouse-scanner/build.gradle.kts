plugins {
    kotlin("jvm") version "1.9.22"
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.6.1")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.16.1")
}

application { mainClass.set("com.palletops.scanner.ScannerBridgeKt") }
