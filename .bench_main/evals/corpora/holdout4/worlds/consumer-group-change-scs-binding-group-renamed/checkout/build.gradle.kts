plugins {
    kotlin("jvm") version "1.9.24"
}

dependencies {
    implementation("org.springframework.kafka:spring-kafka:3.1.4")
}
