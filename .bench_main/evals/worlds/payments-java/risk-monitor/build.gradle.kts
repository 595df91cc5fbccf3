plugins {
    java
    application
}

group = "com.acme.payments"
version = "0.4.0"

repositories {
    mavenCentral()
    maven("https://packages.confluent.io/maven/")
}

dependencies {
    implementation("com.acme.payments:payments-api:3.2.0:avro")
    implementation("org.apache.kafka:kafka-clients:3.8.0")
    implementation("io.confluent:kafka-avro-serializer:7.7.1")
    implementation("io.micrometer:micrometer-registry-prometheus:1.13.4")
}

application {
    mainClass = "com.acme.risk.VelocityMonitor"
}
