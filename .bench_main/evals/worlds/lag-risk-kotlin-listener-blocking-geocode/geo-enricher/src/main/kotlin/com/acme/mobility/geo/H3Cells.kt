package com.acme.mobility.geo

import kotlin.math.floor

/** Coarse grid cell id (about 1 km); good enough for surge pricing. */
object H3Cells {
    fun cellOf(lat: Double, lon: Double): String =
        "%d:%d".format(floor(lat * 100).toInt(), floor(lon * 100).toInt())
}
