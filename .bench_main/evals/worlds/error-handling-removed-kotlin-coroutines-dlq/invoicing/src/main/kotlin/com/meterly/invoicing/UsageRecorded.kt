package com.meterly.invoicing

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue

data class UsageRecorded(val accountId: String, val meter: String, val quantity: Long, val recordedAt: String) {
    companion object {
        private val mapper = jacksonObjectMapper()
        fun parse(json: String): UsageRecorded = mapper.readValue(json)
    }
}
