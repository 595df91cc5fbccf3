plugins {
    kotlin("jvm") version "1.9.24"
}

dependencies {
    implementation("org.springframework.kafka:spring-kafka:3.1.4")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.0")
}
