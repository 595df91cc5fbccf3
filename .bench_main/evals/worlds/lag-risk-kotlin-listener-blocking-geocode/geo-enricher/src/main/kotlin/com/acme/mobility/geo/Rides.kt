package com.acme.mobility.geo

data class RideCompleted(
    val rideId: String,
    val driverId: String,
    val pickupLat: Double,
    val pickupLon: Double,
    val dropoffLat: Double,
    val dropoffLon: Double,
    val fareCents: Long,
)

data class RideEnriched(
    val rideId: String,
    val driverId: String,
    val fareCents: Long,
    val pickupCell: String,
    val dropoffCell: String,
    val dropoffDistrict: String? = null,
)
