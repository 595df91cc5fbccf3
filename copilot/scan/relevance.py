"""Which changes can alter the pipeline graph, decided without scanning: the scan's own candidate
rules on paths and changed contents. Kept light (no graph, resolver or extractor imports) so a
review of an unrelated change, or a safe push, answers fast."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from copilot import lang
from copilot.scan import gitfiles

# A scan's read set holds, next to the paths it read, the words it searched the repository for
# (a function's name, to find its callers), each after this prefix (no path starts with NUL).
MENTION = "\0mention:"

DEFAULT_IGNORE = (
    "node_modules/*",
    "*/node_modules/*",
    "vendor/*",
    "*/vendor/*",
    ".venv/*",
    "*/.venv/*",
    "tests/*",
    "*/tests/*",
    "test/*",
    "*/test/*",
    "*/src/test/*",
    "*_test.go",
    "*/test_*.py",
    "test_*.py",
    "*/conftest.py",
    "conftest.py",
)

EXTRACTORS = {
    ".py": "python",
    ".java": "jvm",
    ".kt": "jvm",
    ".kts": "jvm",
}

LANG_FRONT_END = "lang"  # a language of copilot.lang (lowered to the IR), not an extractor module


def _front_end(path: str) -> str | None:
    """The name of the front-end module that reads `path`, without importing it."""
    name = path.rsplit("/", 1)[-1].lower()
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if name == "build.gradle.kts":
        return None
    if lang.frontend_for(path) is not None:
        return LANG_FRONT_END
    module = EXTRACTORS.get(suffix)
    if module is None and (suffix in gitfiles.CONFIG_SUFFIXES or suffix in gitfiles.SCHEMA_SUFFIXES or name == ".env"):
        module = "config"
    return module


def read_suffixes() -> tuple[str, ...]:
    """Every file-name ending some front-end (a plugin's too) or the blind-spot check reads (lower
    case): the candidate grep reads no other file."""
    from copilot.libraries import unanalysed

    ends = (*EXTRACTORS, *gitfiles.CONFIG_SUFFIXES, *gitfiles.SCHEMA_SUFFIXES, *lang.suffixes())
    return tuple(sorted({e.lower() for e in (*ends, *(s for u in unanalysed() for s in u.suffixes))}))


def _ignored(path: str, patterns: tuple[str, ...]) -> bool:
    return _ignore_re(patterns).match(path) is not None


@lru_cache(maxsize=8)
def _ignore_re(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """The fnmatch patterns as one regex (one match per path, not one per pattern)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or "(?!)")


def _may_be_blind_spot(path: str, patterns: tuple[str, ...], read_side: Callable[[str, str], bytes | None]) -> bool:
    """A file that uses a client library the scan lists as unanalysed (its blind-spot check)."""
    from copilot.libraries import unanalysed
    from copilot.scan.blind_spots import unanalysed_client

    if _ignored(path, patterns) or not any(path.lower().endswith(u.suffixes) for u in unanalysed()):
        return False
    data = read_side("head", path)
    return bool(data) and unanalysed_client(path, data.decode("utf-8", "replace")) is not None  # type: ignore[union-attr]


def needs_scan(
    changes: Iterable[tuple[str | None, str | None]],
    read_side: Callable[[str, str], bytes | None],
    ignore: Iterable[str] = (),
    base_read: frozenset[str] | None = None,
    always: Iterable[str] = (),
) -> bool:
    """Can this change alter the pipeline graph?  Decided from paths, and contents of changed files
    a front-end reads, with the scan's own candidate rules.

    `changes` are (old path, new path) pairs (None where the file does not exist on that side);
    `read_side(side, path)` gives a file's bytes on "base" or "head".  A change matters when it
    touches a build manifest or a path in `always`; adds or renames a file some front-end reads
    (resolution looks files up by name and language); changes a file the base scan read
    (`base_read`, when known); leaves a scan candidate on either side; or names a word the base
    scan searched for (a function whose parameters feed an endpoint).  Without `base_read`
    any change to a file a front-end reads counts.
    """
    patterns = DEFAULT_IGNORE + tuple(ignore)
    pinned = set(always)
    words = sorted(w[len(MENTION) :] for w in base_read or () if w.startswith(MENTION))
    mentions = re.compile(rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in words) + rb")\b") if words else None
    for old, new in changes:
        for side, path in (("base", old), ("head", new)):
            if path is None:
                continue
            if path in pinned or posixpath.basename(path) in gitfiles.MANIFESTS:
                return True
            if _front_end(path) is None:  # no front-end reads it: it can hold no facts, but a file
                if side == "head" and _may_be_blind_spot(path, patterns, read_side):
                    return True  # that uses a client the scan cannot read is a blind spot to name
                continue
            if base_read is None or path in base_read or (side == "head" and old != new):
                return True
            if _ignored(path, patterns):
                continue
            if gitfiles.is_schema_or_config_name(path):
                return True
            data = read_side(side, path)
            if data is not None and gitfiles.content_is_candidate(data):
                return True
            if data is not None and mentions is not None and mentions.search(data):
                return True  # it calls (or stops calling) a function whose callers the scan searched for
    return False
