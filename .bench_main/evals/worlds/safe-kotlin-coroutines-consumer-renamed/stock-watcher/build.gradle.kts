plugins {
    kotlin("jvm") version "1.9.23"
    application
}

group = "com.stockly"
version = "0.8.1"

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.7.0")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.0")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.0")
    implementation("org.slf4j:slf4j-simple:2.0.12")
}

application { mainClass.set("com.stockly.watcher.MainKt") }
