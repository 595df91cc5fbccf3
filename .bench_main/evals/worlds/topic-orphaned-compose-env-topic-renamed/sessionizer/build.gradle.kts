plugins {
    java
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-streams:3.6.2")
    implementation("com.fasterxml.jackson.core:jackson-databind:2.17.1")
}

application { mainClass.set("net.shopfront.sessions.SessionizerMain") }
