"""Find credentials in repository text and replace their values with ``[REDACTED]``.

One mechanism for everything that leaves the machine or is cached: the LLM context
(`copilot.review.redact`) and the config settings the scan keeps (`redact_value`).  It combines

- the token detectors of the `detect-secrets` library (every regex-based plugin: AWS, Azure
  storage keys, Stripe, Slack tokens and webhooks, GitHub, GitLab, JWTs, OpenAI, PyPI, npm,
  SendGrid, Twilio, Discord, Telegram, Mailchimp, Square, IBM, SoftLayer, Cloudant, Artifactory)
  and its base64 high-entropy check on quoted strings;
- what those do not cover: private key blocks (PEM and PGP, the whole block), token shapes they
  miss (``hf_``, ``sk-proj-``, longer ``sk_live_``, ``github_pat_``, Google ``AIza``), URL
  credentials (``kafka://u:p@``, JDBC, Oracle ``user/pass@``), connection-string pairs
  (``AccountKey=``, ``Password=``), ``Authorization`` values, command-line flags
  (``--password x``) and ``KEY=value`` assignments inside commands;
- assignments whose *key* names a credential, in properties/env/YAML/TOML/JSON/Python/Java/Go
  forms, including YAML block scalars (``password: |``) and Go raw strings.  Kafka's own keys
  are named precisely: ``sasl.jaas.config``, ``sasl.username``/``sasl.password``,
  ``ssl.*.password``, ``basic.auth.user.info`` and the ``*secret*``/``*token*`` OAuth keys;
  ``sasl.mechanism``, ``security.protocol`` and other settings stay readable.

Only values are replaced; the key that says *what* was set always stays.  References
(``${VAR}``, ``$VAR``, ``{{ x }}``, ``<placeholder>``) and code (``pw = read_pw()``) are kept.
Redaction keeps line numbers: a multi-line secret keeps its line count, every other rule works
within a line, so citations into redacted text still point at the right lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

MARK = "[REDACTED]"

# a key (or a key's last part) that names a credential
_KEY_WORDS = (
    r"password|passwd|passphrase|pwd|(?<![a-z])pass(?![a-z])|secret|token(?!s|iz)|api[_\-.]?key|apikey"
    r"|access[_\-.]?key|account[_\-.]?key|private[_\-.]?key|credentials?(?!s?[_\-.]source)|auth[_\-.]?key|user[_\-.]info"
    r"|jaas|sasl[_\-.](?:plain[_\-.])?username|signing[_\-.]?key|encryption[_\-.]?key|webhook[_\-.]?url"
)
SECRET_KEY = rf"(?:[\w.\-]*?(?:{_KEY_WORDS})[\w.\-]*(?<![_\-.]env)(?<![_\-.]var))"  # `api_key_env` names a variable: not a secret
_KEY_RX = re.compile(_KEY_WORDS, re.IGNORECASE)

Rule = Callable[[re.Match[str]], str]
_RULES: list[tuple[str, int, Rule]] = []  # compiled on the first redaction (`_compiled`): a scan imports this module


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], Rule], ...]:
    return tuple((re.compile(pattern, flags), fn) for pattern, flags, fn in _RULES)


def is_secret_key(key: str) -> bool:
    """Whether a config key (``spring.kafka.properties.sasl.jaas.config``, ``DB_PASS``) holds a credential."""
    return bool(_KEY_RX.search(key))


def is_reference(value: str) -> bool:
    """`${VAR}`, `$VAR`, `%(name)s`, `{{ secret }}`, `<placeholder>`: a pointer to a secret, not one."""
    v = value.strip()
    return bool(re.fullmatch(r"\$\{[^}]*\}|\$[A-Za-z_]\w*|%\([^)]*\)s|\{\{[^}]*\}\}|<[^<>]*>", v))


def redact_value(key: str, value: str) -> str:
    """The value to keep for a config setting: all of it replaced when the key names a credential,
    else the value with any credential inside it (a URL's password, a token) replaced."""
    if not value:
        return value
    if is_secret_key(key) and not is_reference(value):
        return MARK
    return redact(value)[0]


def redact(text: str) -> tuple[str, int]:
    """`text` with secrets replaced by [REDACTED], and how many were replaced."""
    total = 0
    for pattern, fn in _compiled():
        text, n = _sub(pattern, fn, text)
        total += n
    text, n = _library_tokens(text)
    return text, total + n


# -- rules, applied in order ------------------------------------------------------------------


def _rule(pattern: str, flags: int = 0) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        _RULES.append((pattern, flags, fn))
        return fn

    return register


def _keep_lines(secret: str) -> str:
    return "\n" * secret.count("\n")


@_rule(
    r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK|)-----.*?(?:-----END \1PRIVATE KEY\2-----|\Z)", re.S
)
def _private_key_block(m: re.Match[str]) -> str:
    kind = f"{m.group(1)}PRIVATE KEY{m.group(2)}"
    return f"-----BEGIN {kind}-----{MARK}{_keep_lines(m.group(0))}-----END {kind}-----"


# YAML block scalar under a secret key: the more-indented lines below it are the value
@_rule(
    rf"(?im)^([ \t]*)((?:-[ \t]+)?[\"']?{SECRET_KEY}[\"']?[ \t]*:[ \t]*[|>][-+0-9]*[ \t]*)"
    r"((?:\r?\n(?:[ \t]*(?=\r?\n)|\1[ \t]+\S[^\r\n]*))+)"
)
def _yaml_block(m: re.Match[str]) -> str:
    body = m.group(3)
    indent = re.search(r"\n([ \t]+)\S", body)
    lines = body.count("\n")
    return f"{m.group(1)}{m.group(2)}\n{indent.group(1) if indent else '  '}{MARK}" + "\n" * (lines - 1)


@_rule(r"(?i)(?<![\w+.\-])([a-z][\w+.\-]*://[^\s:/@'\"`]*:)([^\s@/'\"`]+)(@)")
def _url_credentials(m: re.Match[str]) -> str:
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}{m.group(3)}")


@_rule(r"(?i)\b(jdbc:oracle:[a-z]+:[^\s/:@'\"`]+/)([^\s@'\"`]+)(@)")
def _oracle_credentials(m: re.Match[str]) -> str:
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}{m.group(3)}")


@_rule(
    r"(?i)([?&;](?:password|passwd|pass|pwd|secret|token(?!s|iz)|api_?key|access_token|sig|client_secret)=)"
    r"([^&\s'\"`;]+)"
)
def _url_query(m: re.Match[str]) -> str:
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}")


@_rule(r"(?i)\b(bearer|basic|token)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)")
def _auth_header(m: re.Match[str]) -> str:
    token = m.group(3)
    if len(token) < 20 and (token.isalpha() or token.islower()):  # prose ("basic authentication")
        return m.group(0)
    return f"{m.group(1)}{m.group(2)}{MARK}"


# token shapes detect-secrets does not know (or knows only in a narrower form)
@_rule(
    r"\b(?:sk-(?:proj-|ant-|live-)?[A-Za-z0-9_\-]{20,}|[rs]k_(?:live|test)_[0-9a-zA-Z]{16,}"
    r"|hf_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_\-]{20,}"
    r"|xox[abposr]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}|npm_[A-Za-z0-9]{36}|dop_v1_[a-f0-9]{64}"
    r"|(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}"
    r"|eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})"
)
def _token_shapes(m: re.Match[str]) -> str:
    return MARK


# command-line flags: --password x, --sasl-password=x, --token "x"
@_rule(rf"""(?i)(?<![\w\-])(--?{SECRET_KEY}(?:=|[ \t]+))(["'`]?)((?!-)[^\s"'`]+)(\2)""")
def _cli_flag(m: re.Match[str]) -> str:
    return _keep_refs(m, 3, f"{m.group(1)}{m.group(2)}{MARK}{m.group(4)}")


# curl -u user:password, --user user:password
@_rule(r"""(?<![\w\-])(-u|--user)([ \t]+|=)(["']?)([^\s:"'@]+:)([^\s"'@]+)(\3)""")
def _user_password_flag(m: re.Match[str]) -> str:
    return _keep_refs(m, 5, f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{MARK}{m.group(6)}")


# key=value / key: value (properties, .env, YAML, INI) up to the end of the line
@_rule(rf"""(?im)^(\s*(?:-\s+)?(?:export\s+)?{SECRET_KEY}\s*[:=]\s*)(?!["'`\s=|>])([^\r\n]*?[^\s])(?=[ \t]+#|[ \t]*$)""")
def _bare_assignment(m: re.Match[str]) -> str:
    if _is_code(m.group(2)):
        return m.group(0)
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}")


# quoted values: "key": "value", key = 'value', password := `value` (JSON, Python, TOML, Go) ...
@_rule(rf"""(?i)((["'`]?)(?<![\w.\-]){SECRET_KEY}\2\s*(?::=|[:=]|->|=>)\s*)(["'`])((?:\\.|(?!\3).)*)(\3)""")
def _quoted_assignment(m: re.Match[str]) -> str:
    return _keep_refs(m, 4, f"{m.group(1)}{m.group(3)}{MARK}{m.group(5)}")


# Go declarations with a type: const Token string = "value", var apiKey string = `value`
@_rule(rf"""(?i)\b((?:const|var)\s+{SECRET_KEY}\s+[\w.*\[\]]+\s*=\s*)(["'`])((?:\\.|(?!\2).)*)(\2)""")
def _go_typed(m: re.Match[str]) -> str:
    return _keep_refs(m, 3, f"{m.group(1)}{m.group(2)}{MARK}{m.group(4)}")


# ... config['api_key'] = "value" ...
@_rule(rf"""(?i)(\[\s*(["']){SECRET_KEY}\2\s*\]\s*=\s*)(["'`])((?:\\.|(?!\3).)*)(\3)""")
def _subscript_assignment(m: re.Match[str]) -> str:
    return _keep_refs(m, 4, f"{m.group(1)}{m.group(3)}{MARK}{m.group(5)}")


# ... and call arguments: put("sasl.jaas.config", "..."), put(SASL_JAAS_CONFIG, "..."), getenv("PW", "dflt")
@_rule(rf"""(?i)(\(\s*(["']?)[\w.]*?{SECRET_KEY}\2\s*,\s*)(["'`])((?:\\.|(?!\3).)*)(\3)""")
def _call_argument(m: re.Match[str]) -> str:
    return _keep_refs(m, 4, f"{m.group(1)}{m.group(3)}{MARK}{m.group(5)}")


# JAAS options left in values that no key rule caught (e.g. a bare JAAS line)
@_rule(r"""(?i)\b((?:password|secret|token)\s*=\s*)(\\?["'])(.*?)(\2)""")
def _jaas(m: re.Match[str]) -> str:
    return _keep_refs(m, 3, f"{m.group(1)}{m.group(2)}{MARK}{m.group(4)}")


# connection strings: Azure `AccountKey=...;`, `SharedAccessKey=` (`Password=` is a key rule's)
@_rule(r"(?i)(?<![\w.\-])((?:AccountKey|SharedAccessKey|SharedAccessSignature)=)(?!\\)([^;'\"`\s]+)")
def _connection_string(m: re.Match[str]) -> str:
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}")


# unquoted KEY=value inside a line: `db_pass=x` in a DSN, `KAFKA_PASSWORD=x ./deploy.sh`
@_rule(rf"""(?i)(?<![\w.\-$])({SECRET_KEY}=)(?!["'`\s$<{{%(])([^\s'"`&;,)]+)""")
def _inline_assignment(m: re.Match[str]) -> str:
    if _is_code(m.group(2)) or re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+", m.group(2)):
        return m.group(0)  # a call or an attribute (`password=args.password`), not a literal
    return _keep_refs(m, 2, f"{m.group(1)}{MARK}")


def _is_code(value: str) -> bool:
    """A call, a lookup or a non-value: `read_pw()`, `os.environ["X"]`, `None`."""
    return bool(re.match(r"[A-Za-z_][\w.]*\s*[(\[]", value)) or value.lower() in (
        "none",
        "null",
        "nil",
        "true",
        "false",
    )


def _keep_refs(m: re.Match[str], group: int, redacted: str) -> str:
    value = m.group(group)
    if not value or MARK in value or is_reference(value):
        return m.group(0)
    return redacted


def _sub(pattern: re.Pattern[str], fn: Rule, text: str) -> tuple[str, int]:
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        out = fn(m)
        if out != m.group(0):
            count += 1
        return out

    return pattern.sub(repl, text), count


# -- the detect-secrets plugins ---------------------------------------------------------------

_SKIPPED_PLUGINS = ("PrivateKeyDetector", "IPPublicDetector")  # blocks handled above; IPs are no secret
_TRIM = " \t=:\"'`"


@lru_cache(maxsize=1)
def _library() -> tuple[tuple[re.Pattern[str], ...], object]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.plugins.base import RegexBasedDetector
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString

    patterns: list[re.Pattern[str]] = []
    for cls in get_mapping_from_secret_type_to_class().values():
        if issubclass(cls, RegexBasedDetector) and cls.__name__ not in _SKIPPED_PLUGINS:
            patterns.extend(cls.denylist)
    return tuple(patterns), Base64HighEntropyString()


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the library's detectors see a secret in `text` (each span within one line)."""
    patterns, entropy = _library()
    for rx in patterns:
        for m in rx.finditer(text):
            start, end = m.span()
            groups = [i for i in range(1, (rx.groups or 0) + 1) if m.group(i)]
            if groups:  # an assignment regex: the secret is its longest group
                best = max(groups, key=lambda i: len(m.group(i)))
                if len(m.group(best)) >= 12:
                    start, end = m.span(best)
            while start < end and text[start] in _TRIM:
                start += 1
            while end > start and text[end - 1] in _TRIM:
                end -= 1
            if end - start >= 8 and "\n" not in text[start:end]:
                yield start, end
    for m in entropy.regex.finditer(text):  # type: ignore[attr-defined]
        value = m.group(2)
        if len(value) >= 20 and entropy.calculate_shannon_entropy(value) > entropy.entropy_limit:  # type: ignore[attr-defined]
            yield m.span(2)


def _library_tokens(text: str) -> tuple[str, int]:
    spans = sorted(s for s in _spans(text) if MARK not in text[s[0] : s[1]])
    if not spans:
        return text, 0
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, last = [], 0
    for start, end in merged:
        pieces.append(text[last:start] + MARK)
        last = end
    pieces.append(text[last:])
    return "".join(pieces), len(merged)
