package com.acme.mobility.geo

import org.springframework.beans.factory.annotation.Value
import org.springframework.boot.web.client.RestTemplateBuilder
import org.springframework.stereotype.Component
import org.springframework.web.client.RestClientException
import java.time.Duration

data class ReverseGeocodeResponse(val district: String?, val city: String?)

@Component
class GeocoderClient(
    builder: RestTemplateBuilder,
    @Value("\${geocoder.base-url}") private val baseUrl: String,
) {
    private val rest = builder
        .setConnectTimeout(Duration.ofSeconds(2))
        .setReadTimeout(Duration.ofSeconds(10))
        .build()

    /** Blocking call; the provider allows 5 requests/second per API key. */
    fun district(lat: Double, lon: Double): String? =
        try {
            rest.getForObject("$baseUrl/reverse?lat={lat}&lon={lon}", ReverseGeocodeResponse::class.java, lat, lon)
                ?.district
        } catch (e: RestClientException) {
            null
        }
}
