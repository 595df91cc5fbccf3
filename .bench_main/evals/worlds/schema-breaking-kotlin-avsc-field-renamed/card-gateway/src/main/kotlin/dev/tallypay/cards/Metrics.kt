package dev.tallypay.cards

import io.micrometer.prometheusmetrics.PrometheusConfig
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry

object Metrics {
    val registry = PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
    val publishFailures = registry.counter("card_gateway_publish_failures_total")
}
