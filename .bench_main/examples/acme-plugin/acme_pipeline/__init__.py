"""ACME's own Pipeline Copilot rules (an example plugin)."""
