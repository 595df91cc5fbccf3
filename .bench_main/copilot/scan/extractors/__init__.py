"""Per-language extractors: ``extract(path, source) -> FileFacts``.

``path`` is repository-relative; ``source`` is the file's bytes.  An extractor never
reads other files and never raises on bad input: a syntax error or an undecodable file
becomes a warning in ``FileFacts.warnings``.
"""
