"""Pipeline Copilot: reviews changes to streaming data pipelines in the context of the whole data flow."""

__version__ = "0.1.0"
