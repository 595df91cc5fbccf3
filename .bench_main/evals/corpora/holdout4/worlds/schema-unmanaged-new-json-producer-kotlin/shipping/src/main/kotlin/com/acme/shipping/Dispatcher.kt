package com.acme.shipping

import org.springframework.stereotype.Service

@Service
class Dispatcher {
    fun dispatch(orderId: String, carrier: String): String = "$orderId-$carrier"
}
