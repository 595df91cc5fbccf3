package org.quantdesk.archiver

import software.amazon.awssdk.core.sync.RequestBody
import software.amazon.awssdk.services.s3.S3Client
import software.amazon.awssdk.services.s3.model.PutObjectRequest
import java.time.Instant

class S3BatchSink(private val bucket: String) {
    private val s3 = S3Client.create()

    fun write(lines: List<String>) {
        val key = "trades/${Instant.now().toEpochMilli()}.jsonl"
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromString(lines.joinToString("\n")))
    }
}
