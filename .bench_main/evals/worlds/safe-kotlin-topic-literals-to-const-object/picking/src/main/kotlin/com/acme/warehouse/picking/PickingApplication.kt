package com.acme.warehouse.picking

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication

@SpringBootApplication
class PickingApplication

fun main(args: Array<String>) {
    runApplication<PickingApplication>(*args)
}
