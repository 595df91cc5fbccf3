"""Avro schemas: parsing, Schema Registry compatibility verdicts explained, diffs and git history.

Modules, one job each:

- ``errors``         SchemaError: one-line messages naming the file and the place
- ``jsonpos``        JSON text -> value, and JSON pointer -> line:column
- ``names``          Avro names, namespaces and type-name constants
- ``defaults``       does a default value match its type
- ``resolve``        JSON value -> validated, fully qualified model of named types
- ``canonical``      Parsing Canonical Form and fingerprints (fastavro)
- ``parse``          AvroSchema: .avsc / .avpr / inline JSON -> parsed schema objects
- ``inline``         Avro schemas written as string literals in source code
- ``explain``        the registry's checker, re-walked to say where and why it fails
- ``words``          problem messages, impacts and remedies in plain English
- ``compatibility``  can_read / check: the verdicts of Confluent Schema Registry
- ``rollout``        the rollout order a compatibility mode implies
- ``diff``           what changed between two schemas, in words
- ``history``        earlier versions of a schema file from git
- ``render``         text (rich) and JSON reports for ``pipeline-copilot schema check``
"""
