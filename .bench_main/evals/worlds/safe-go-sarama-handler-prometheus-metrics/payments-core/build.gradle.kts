plugins {
    java
    application
}

group = "com.fintra"
version = "9.2.0"

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.7.0")
    implementation("com.fasterxml.jackson.core:jackson-databind:2.17.0")
}

application { mainClass.set("com.fintra.payments.SettlementJob") }
