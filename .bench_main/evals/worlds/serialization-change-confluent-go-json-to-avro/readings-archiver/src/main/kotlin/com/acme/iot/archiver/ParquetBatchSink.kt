package com.acme.iot.archiver

import software.amazon.awssdk.core.sync.RequestBody
import software.amazon.awssdk.services.s3.S3Client
import software.amazon.awssdk.services.s3.model.PutObjectRequest
import java.time.Instant

/** Writes each poll batch as one newline-delimited object (parquet conversion runs nightly). */
class ParquetBatchSink(private val bucket: String, private val s3: S3Client = S3Client.create()) {
    fun write(batch: List<Reading>) {
        val body = batch.joinToString("\n") { "${it.device_id},${it.sensor},${it.value},${it.unit},${it.recorded_at}" }
        val key = "raw/readings/${Instant.now().toEpochMilli()}.csv"
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromString(body))
    }
}
