"""File name endings → the language a file is written in: the one table every face and rule reads.

Which *scanner* reads a file is the front-ends' business (`copilot.lang`, `copilot.scan`); this is
what a file is, for highlighting a snippet (rich and Markdown fences take these Pygments names) and
for telling code from configuration.
"""

from __future__ import annotations

CODE = {
    ".py": "python",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".scala": "scala",
    ".go": "go",
    ".cs": "csharp",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "jsx",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".rb": "ruby",
    ".rs": "rust",
}
DATA = {
    ".avsc": "json",
    ".avpr": "json",
    ".json": "json",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".properties": "properties",
    ".toml": "toml",
    ".env": "bash",
}


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def language_of(path: str) -> str:
    """The Pygments name of the file's language ('' when unknown)."""
    suffix = _suffix(path)
    return CODE.get(suffix) or DATA.get(suffix, "")


def is_code(path: str) -> bool:
    return _suffix(path) in CODE
