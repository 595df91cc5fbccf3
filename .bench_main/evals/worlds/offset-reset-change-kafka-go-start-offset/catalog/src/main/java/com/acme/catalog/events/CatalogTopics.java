package com.acme.catalog.events;

public final class CatalogTopics {
    public static final String PRODUCTS = "catalog.products";

    private CatalogTopics() {}
}
