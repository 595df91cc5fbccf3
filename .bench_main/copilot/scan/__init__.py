"""Turn a repository's files into pipeline facts (see facts.py) and a PipelineGraph."""
