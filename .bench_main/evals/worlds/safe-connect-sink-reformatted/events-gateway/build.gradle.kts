plugins {
    kotlin("jvm") version "1.9.24"
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.7.1")
    implementation("io.javalin:javalin:6.1.6")
}

application { mainClass.set("io.tracklet.gateway.GatewayKt") }
