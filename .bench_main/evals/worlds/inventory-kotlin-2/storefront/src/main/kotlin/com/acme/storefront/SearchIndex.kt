package com.acme.storefront

import org.apache.hc.core5.http.HttpHost
import org.opensearch.client.opensearch.OpenSearchClient
import org.opensearch.client.opensearch.core.BulkRequest
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder
import org.opensearch.client.json.jackson.JacksonJsonpMapper

data class AvailabilityUpdate(val sku: String, val inStock: Boolean)

class SearchIndex(url: String) {
    private val client = OpenSearchClient(
        ApacheHttpClient5TransportBuilder.builder(HttpHost.create(url))
            .setMapper(JacksonJsonpMapper())
            .build(),
    )

    fun bulkUpdate(updates: List<AvailabilityUpdate>) {
        val request = BulkRequest.Builder()
        updates.forEach { u ->
            request.operations { op ->
                op.update { upd -> upd.index("products").id(u.sku).document(mapOf("in_stock" to u.inStock)) }
            }
        }
        client.bulk(request.build())
    }
}
