package eu.freightline.customs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class CustomsGateway {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public CustomsGateway(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void file(Declaration d) throws Exception {
        String body = String.format("{\"ref\":\"%s\",\"hs\":\"%s\",\"origin\":\"%s\",\"value\":%d}",
            d.shipmentId(), d.hsCode(), d.originCountry(), d.valueCents());
        HttpResponse<String> resp = http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/declarations")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() >= 300) {
            throw new IllegalStateException("customs rejected " + d.shipmentId() + ": " + resp.body());
        }
    }
}
