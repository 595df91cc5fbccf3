"""Remove secrets from text before it leaves the machine.

Every value that looks like a credential is replaced with ``[REDACTED]``; the key or prefix that
shows *what* it was stays, so the reviewer still sees that a password is set.  Covered:

- PEM private key blocks (``-----BEGIN ... PRIVATE KEY-----`` .. ``END``)
- JAAS options: ``password="..."`` / ``username="..."`` inside ``sasl.jaas.config``
- URLs with credentials: ``postgres://user:pass@host`` (the password part)
- bearer / basic tokens in ``Authorization`` values
- AWS access key ids (``AKIA...``/``ASIA...``) and secret keys
- well-known token shapes: OpenAI ``sk-...``, GitHub ``ghp_...``/``github_pat_...``, Slack ``xox?-``,
  Google ``AIza...``, JWTs
- assignments whose key names a secret, in properties/env/YAML/TOML/JSON/Python/Java forms:
  ``*password*``, ``*passwd*``, ``*secret*``, ``*token*``, ``api[_-]key``, ``access[_-]key``,
  ``private[_-]key``, ``credentials``, ``basic.auth.user.info``, every ``sasl.*`` key and the
  ``ssl.*password`` keys.  Unquoted values that are references (``${VAR}``, ``$VAR``) are kept:
  they are not secrets and the reviewer needs them, and so are code expressions (``pw = read_pw()``).

Redaction keeps line numbers: a private key block keeps its line count, every other rule works
within one line, so citations into redacted text still point at the right lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MARK = "[REDACTED]"

_SECRET_KEY = (
    r"(?:[\w.\-]*(?:password|passwd|pwd|secret|token(?!s|iz)|api[_\-.]?key|apikey|access[_\-.]?key|private[_\-.]?key"
    r"|credentials?|auth[_\-.]?key|user\.info)[\w.\-]*"
    r"|sasl[._\-][\w.\-]+|ssl[._\-][\w.\-]*password)"
)

# (pattern, replacement) in order; replacements keep the groups that say what the value was.
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = []


def _rule(
    pattern: str, flags: int = 0
) -> Callable[[Callable[[re.Match[str]], str]], Callable[[re.Match[str]], str]]:
    def register(fn: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        _RULES.append((re.compile(pattern, flags), fn))
        return fn

    return register


@_rule(r"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(?:-----END \1PRIVATE KEY-----|\Z)", re.S)
def _pem(m: re.Match[str]) -> str:
    newlines = "\n" * m.group(0).count("\n")  # keep the line count
    return f"-----BEGIN {m.group(1)}PRIVATE KEY-----{MARK}{newlines}-----END {m.group(1)}PRIVATE KEY-----"


@_rule(r"(?i)\b([a-z][a-z0-9+.\-]*://[^\s:/@'\"]*:)([^\s@/'\"]+)(@)")
def _url_credentials(m: re.Match[str]) -> str:
    return f"{m.group(1)}{MARK}{m.group(3)}"


@_rule(r"(?i)([?&;](?:password|passwd|pwd|secret|token(?!s|iz)|api_?key|access_token|sig)=)([^&\s'\";]+)")
def _url_query(m: re.Match[str]) -> str:
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}")


@_rule(r"(?i)\b(bearer|basic)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)")
def _auth_header(m: re.Match[str]) -> str:
    token = m.group(3)
    if len(token) < 20 and token.isalpha():  # prose ("basic authentication"), not a credential
        return m.group(0)
    return f"{m.group(1)}{m.group(2)}{MARK}"


@_rule(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b")
def _aws_key_id(m: re.Match[str]) -> str:
    return MARK


@_rule(
    r"\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
    r"|xox[abposr]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}"
    r"|eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})"
)
def _token_shapes(m: re.Match[str]) -> str:
    return MARK


# key=value / key: value (properties, .env, YAML, INI) up to the end of the line
@_rule(rf"""(?im)^(\s*(?:-\s+)?(?:export\s+)?{_SECRET_KEY}\s*[:=]\s*)(?!["'\s=])([^\r\n#]*[^\s#])""")
def _bare_assignment(m: re.Match[str]) -> str:
    value = m.group(2)
    if re.match(r"[A-Za-z_][\w.]*\s*[(\[]", value) or value.lower() in (
        "none",
        "null",
        "nil",
        "true",
        "false",
    ):
        return m.group(0)  # code (a call, a lookup) or a non-value, not a secret
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}")


# "key": "value" / 'key': 'value' (JSON, Python dicts), put("key", "value") (Java), key="value" (TOML/Python)
@_rule(rf"""(?i)(["']?{_SECRET_KEY}["']?\]?\s*(?::=|[:=,]|->|=>)\s*)(["'])((?:\\.|(?!\2).)*)(\2)""")
def _quoted_assignment(m: re.Match[str]) -> str:
    return _keep_refs(m, 3, f"{m.group(1)}{m.group(2)}{MARK}{m.group(4)}")


# JAAS options left in values that no key rule caught (e.g. a bare JAAS line)
@_rule(r"""(?i)\b((?:password|username|user|secret|token)\s*=\s*)(\\?["'])(.*?)(\2)""")
def _jaas(m: re.Match[str]) -> str:
    if m.group(1).strip().lower().startswith("user"):
        return m.group(0)  # JAAS usernames are not secrets
    return _keep_refs(m, 3, f"{m.group(1)}{m.group(2)}{MARK}{m.group(4)}")


def _keep_refs(m: re.Match[str], group: int, redacted: str) -> str:
    value = m.group(group)
    if not value or value == MARK or MARK in value or _is_reference(value):
        return m.group(0)
    return redacted


def _is_reference(value: str) -> bool:
    """`${VAR}`, `$VAR`, `%(name)s`, `{{ secret }}`: a pointer to a secret, not the secret."""
    v = value.strip()
    return bool(re.fullmatch(r"\$\{[^}]*\}|\$[A-Za-z_]\w*|%\([^)]*\)s|\{\{[^}]*\}\}|<[^<>]*>", v))


def redact(text: str) -> tuple[str, int]:
    """`text` with secrets replaced by [REDACTED], and how many were replaced."""
    total = 0
    for pattern, fn in _RULES:
        text, n = _sub(pattern, fn, text)
        total += n
    return text, total


def _sub(pattern: re.Pattern[str], fn: Callable[[re.Match[str]], str], text: str) -> tuple[str, int]:
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        out = fn(m)
        if out != m.group(0):
            count += 1
        return out

    return pattern.sub(repl, text), count
