plugins {
    java
    application
}

group = "com.acme.clicks"
version = "1.2.0"

repositories {
    mavenCentral()
}

dependencies {
    implementation("org.apache.kafka:kafka-streams:3.8.0")
    implementation("com.fasterxml.jackson.core:jackson-databind:2.17.2")
    implementation("io.micrometer:micrometer-registry-prometheus:1.13.4")
    testImplementation("org.apache.kafka:kafka-streams-test-utils:3.8.0")
    testImplementation("org.junit.jupiter:junit-jupiter:5.11.0")
}

application {
    mainClass = "com.acme.clicks.SessionizerApp"
}

tasks.test {
    useJUnitPlatform()
}
