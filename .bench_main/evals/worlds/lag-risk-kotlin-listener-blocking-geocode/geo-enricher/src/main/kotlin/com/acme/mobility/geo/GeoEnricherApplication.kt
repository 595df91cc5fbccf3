package com.acme.mobility.geo

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication

@SpringBootApplication
class GeoEnricherApplication

fun main(args: Array<String>) {
    runApplication<GeoEnricherApplication>(*args)
}
