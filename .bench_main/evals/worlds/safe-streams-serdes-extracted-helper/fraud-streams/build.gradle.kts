plugins {
    java
    application
}

group = "com.cardly"
version = "4.0.3"

java { toolchain { languageVersion.set(JavaLanguageVersion.of(17)) } }

repositories { mavenCentral() }

dependencies {
    implementation("org.apache.kafka:kafka-streams:3.7.0")
    implementation("org.springframework.kafka:spring-kafka:3.1.4")
    testImplementation("org.apache.kafka:kafka-streams-test-utils:3.7.0")
    testImplementation("org.junit.jupiter:junit-jupiter:5.10.2")
}

application { mainClass.set("com.cardly.fraud.FraudApp") }

tasks.test { useJUnitPlatform() }
