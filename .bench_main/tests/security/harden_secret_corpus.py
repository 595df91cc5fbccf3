"""A corpus of real-shaped, fake secrets, kept as data and assembled at test time.

Every value is made from a seeded random generator and string pieces, so no literal in this
repository looks like a live credential (push protection stays quiet) while every value has the
exact shape a scanner or a leak would have.  `FILES` lays them out the way real repositories
hold them (Kafka client properties, Spring YAML, a .env, Python and Go code, a deploy script
line); `SECRETS` lists every value that must never leave the machine.
"""

from __future__ import annotations

import base64
import random
import string
from dataclasses import dataclass, field

SEED = 20261207
_R = random.Random(SEED)
UPPER_DIGITS = string.ascii_uppercase + string.digits
ALNUM = string.ascii_letters + string.digits
LOWER_HEX = "0123456789abcdef"
B64 = ALNUM + "+/"


def rnd(alphabet: str, n: int) -> str:
    return "".join(_R.choice(alphabet) for _ in range(n))


def word_secret(n: int = 14) -> str:
    """A password-like value: letters, digits and a punctuation mark."""
    return rnd(ALNUM, n - 2) + _R.choice("!#%-_") + rnd(string.digits, 1)


def pem_body(lines: int) -> list[str]:
    return [rnd(B64, 64) for _ in range(lines)]


def jwt() -> str:
    def part(obj: str) -> str:
        return base64.urlsafe_b64encode(obj.encode()).decode().rstrip("=")

    return ".".join(
        (
            part('{"alg":"HS256","typ":"JWT"}'),
            part('{"sub":"svc-checkout","exp":1900000000}'),
            rnd(ALNUM + "-_", 43),
        )
    )


@dataclass
class Corpus:
    files: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)  # label -> value

    def add(self, label: str, value: str) -> str:
        assert label not in self.secrets
        self.secrets[label] = value
        return value


def build(seed: int = SEED) -> Corpus:
    """The corpus for `seed` (the same seed builds the same values)."""
    _R.seed(seed)
    c = Corpus()
    s = c.add

    # -- Kafka client properties -----------------------------------------------------------
    c.files["checkout/client.properties"] = "\n".join(
        [
            "bootstrap.servers=broker-1:9093",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=PLAIN",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            f'username="checkout" password="{s("jaas password", word_secret())}";',
            f"sasl.password={s('sasl.password', word_secret())}",
            f"ssl.key.password={s('ssl.key.password', word_secret())}",
            f"ssl.keystore.password={s('ssl.keystore.password', word_secret())}",
            f"ssl.truststore.password={s('ssl.truststore.password', word_secret())}",
            f"basic.auth.user.info=checkout:{s('basic.auth.user.info', word_secret())}",
            f"schema.registry.basic.auth.user.info=sr-user:{s('schema registry basic auth', word_secret())}",
            f"bearer.auth.token={s('schema registry bearer token', rnd(ALNUM, 32))}",
            f"backup.bootstrap=SASL_SSL://checkout:{s('bootstrap URL password', word_secret())}@broker-2:9093",
            f"orders.db=jdbc:postgresql://db:5432/orders?user=app&password={s('jdbc query password', word_secret())}",
            f"audit.db=jdbc:mysql://audit:{s('jdbc url password', word_secret())}@mysql:3306/audit",
            f"legacy.db=jdbc:oracle:thin:scott/{s('oracle password', word_secret())}@ora:1521/ORCL",
            "",
        ]
    )

    # -- Spring YAML: nested keys, block scalars, token shapes under neutral keys --------------
    pem = pem_body(4)
    pgp = pem_body(3)
    s("PEM key body", pem[1])
    s("PGP key body", pgp[1])
    block_pw = s("YAML block scalar password", word_secret(18))
    slack_hook = "https://hooks.slack.com/services/" + s(
        "slack webhook", f"T{rnd(UPPER_DIGITS, 8)}/B{rnd(UPPER_DIGITS, 10)}/{rnd(ALNUM, 24)}"
    )
    c.files["checkout/application.yml"] = "\n".join(
        [
            "spring:",
            "  kafka:",
            "    bootstrap-servers: broker-1:9093",
            "    properties:",
            "      sasl.mechanism: PLAIN",
            "      security.protocol: SASL_SSL",
            "      sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required "
            f'username="checkout" password="{s("YAML jaas password", word_secret())}";',
            f'      schema.registry.basic.auth.user.info: "sr:{s("YAML registry user info", word_secret())}"',
            "  datasource:",
            f"    password: {s('spring datasource password', word_secret())}",
            "notify:",
            f"  url: {slack_hook}",
            "ml:",
            f"  model-hub: hf_{s('huggingface token', rnd(ALNUM, 34))}",
            "ci:",
            f"  gitlab: glpat-{s('gitlab token', rnd(ALNUM + '_-', 20))}",
            "billing:",
            f"  stripe: sk_{'live'}_{s('stripe live key', rnd(ALNUM, 24))}",
            f"  stripe-restricted: rk_{'live'}_{s('stripe restricted key', rnd(ALNUM, 99))}",
            "storage:",
            "  connection: DefaultEndpointsProtocol=https;AccountName=acmeorders;"
            f"AccountKey={s('azure account key', rnd(B64, 86) + '==')};EndpointSuffix=core.windows.net",
            "tls:",
            "  client-key: |",
            "    -----BEGIN PRIVATE KEY-----",
            *(f"    {line}" for line in pem),
            "    -----END PRIVATE KEY-----",
            "signing:",
            "  armored: |",
            "    -----BEGIN PGP PRIVATE KEY BLOCK-----",
            "",
            *(f"    {line}" for line in pgp),
            "    -----END PGP PRIVATE KEY BLOCK-----",
            "db:",
            "  password: |",
            f"    {block_pw}",
            "  user: orders",
            "deploy:",
            f'  command: "KAFKA_PASSWORD={s("env in deploy command", word_secret())} ./deploy.sh '
            f"--token {s('deploy --token flag', rnd(ALNUM, 28))} "
            f'--registry-password={s("deploy --x-password= flag", word_secret())}"',
            f"  smoke: curl -u admin:{s('curl -u user:password', word_secret())} https://registry:8081/subjects",
            f'  notify: curl -H "Authorization: Bearer {s("bearer header in command", rnd(ALNUM, 40))}" https://hooks',
            "",
        ]
    )

    # -- .env -----------------------------------------------------------------------------------
    c.files["checkout/.env"] = "\n".join(
        [
            "KAFKA_BOOTSTRAP=broker-1:9093",
            f"DB_PASS={s('DB_PASS env', word_secret())}",
            f"export API_KEY={s('exported API_KEY', rnd(ALNUM, 32))}",
            f"REDIS_URL=redis://:{s('redis URL password', word_secret())}@cache:6379/0",
            f"AWS_ACCESS_KEY_ID=AKIA{s('AWS access key id', rnd(UPPER_DIGITS, 16))}",
            f"AWS_SECRET_ACCESS_KEY={s('AWS secret access key', rnd(B64, 40))}",
            "",
        ]
    )

    # -- Python code ----------------------------------------------------------------------------
    gh = "gh" + "p_" + s("github token", rnd(ALNUM, 36))
    c.files["checkout/secrets_config.py"] = "\n".join(
        [
            '"""Settings for the checkout producer."""',
            "import os",
            "",
            "from confluent_kafka import Producer",
            "",
            f'DSN = "host=db user=orders db_pass={s("db_pass in a DSN", word_secret())} dbname=orders"',
            f'GITHUB = "{gh}"',
            f'GITHUB_FINE = "github_{"pat"}_{s("github fine-grained token", rnd(ALNUM + "_", 82))}"',
            f'OPENAI = "sk-{"proj"}-{s("openai project key", rnd(ALNUM, 48))}"',
            f'ANTHROPIC = "sk-{"ant"}-api03-{s("anthropic key", rnd(ALNUM + "-_", 93))}"',
            f'GOOGLE = "AI{"za"}{s("google api key", rnd(ALNUM + "_-", 35))}"',
            f'SENDGRID = "SG.{s("sendgrid key", rnd(ALNUM + "_-", 22) + "." + rnd(ALNUM + "_-", 43))}"',
            f'TWILIO = "SK{s("twilio key", rnd(LOWER_HEX, 32))}"',
            f'NPM = "npm_{s("npm token", rnd(ALNUM, 36))}"',
            f'SLACK_BOT = "xox{"b"}-{s("slack bot token", rnd(string.digits, 12) + "-" + rnd(string.digits, 13) + "-" + rnd(ALNUM, 24))}"',
            f'SESSION = "{s("JWT", jwt())}"',
            f'MAGIC = "{s("high-entropy string", rnd(B64, 44))}"',
            "",
            "conf = {",
            '    "bootstrap.servers": os.environ["KAFKA_BOOTSTRAP"],',
            '    "sasl.username": os.environ["SASL_USERNAME"],',
            '    "sasl.password": os.environ["SASL_PASSWORD"], "sasl.mechanism": "PLAIN",',
            f'    "ssl.key.password": "{s("python dict ssl.key.password", word_secret())}",',
            "}",
            f'client_secret = os.getenv("OAUTH_CLIENT_SECRET", "{s("getenv default secret", word_secret())}")',
            "producer = Producer(conf)",
            'producer.produce("orders", value=b"{}")',
            "",
        ]
    )

    # -- deploy commands in TOML ------------------------------------------------------------------
    c.files["checkout/deploy.toml"] = "\n".join(
        [
            "[deploy.checkout]",
            f'command = "helm upgrade checkout ./chart --set kafka.password={s("helm --set password", word_secret())}"',
            f'smoke = "kcat -b broker-1:9093 -X sasl.password={s("kcat -X sasl.password", word_secret())} -L"',
            "",
        ]
    )

    # -- Go code: raw (backtick) strings ------------------------------------------------------
    c.files["checkout/secrets.go.conf"] = "\n".join(
        [
            "// Go settings kept as a config template",
            f"password := `{s('Go backtick password', word_secret())}`",
            f"var apiKey = `{s('Go backtick api key', rnd(ALNUM, 30))}`",
            f'const Token string = "{s("Go const token", rnd(ALNUM, 26))}"',
            "",
        ]
    )
    return c


# what each file must still say after redaction: the keys and settings the reviewer needs
KEPT = {
    "checkout/client.properties": [
        "sasl.mechanism=PLAIN",
        "security.protocol=SASL_SSL",
        "sasl.password=[REDACTED]",
    ],
    "checkout/application.yml": ["sasl.mechanism: PLAIN", "password: |", "user: orders"],
    "checkout/secrets_config.py": ['"sasl.password": os.environ["SASL_PASSWORD"], "sasl.mechanism": "PLAIN"'],
}
