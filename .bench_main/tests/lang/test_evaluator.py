"""The value-flow evaluator, one construct per test, each on a small real repository: the values
an expression can have and the evidence chain (path:line per hop) behind each."""

from __future__ import annotations

from tests.lang.helpers import chain, probe, texts

# -- constants, fields, static members --------------------------------------------------------


def test_constant_in_the_same_class(make_repo):
    repo = make_repo({
        "svc/App.cs": (
            "class App {\n"                                    # 1
            "    const string Topic = \"orders\";\n"           # 2
            "    void Run() { probe(Topic); }\n"               # 3
            "}\n"
        ),
    })
    [v] = probe(repo, "svc/App.cs")
    assert v.text == "orders" and v.origin == "constant"
    assert chain(v) == ["svc/App.cs:2"]


def test_static_field_of_a_class_in_another_file(make_repo):
    repo = make_repo({
        "svc/Topics.cs": (
            "namespace Shop;\n"                                            # 1
            "public static class Topics {\n"                               # 2
            "    public const string Prefix = \"shop.\";\n"                # 3
            "    public static readonly string Orders = Prefix + \"orders\";\n"  # 4
            "}\n"
        ),
        "svc/App.cs": "class App { void Run() { probe(Topics.Orders); } }\n",
    })
    [v] = probe(repo, "svc/App.cs", preload=False)  # Topics.cs is read when the trace needs it
    assert v.text == "shop.orders"
    assert chain(v) == ["svc/Topics.cs:4", "svc/Topics.cs:3"]


def test_class_found_in_a_file_named_otherwise(make_repo):
    repo = make_repo({
        "svc/Constants.cs": "class KafkaNames {\n    public const string Payments = \"payments\";\n}\n",
        "svc/App.cs": "class App { void Run() { probe(KafkaNames.Payments); } }\n",
    })
    [v] = probe(repo, "svc/App.cs", preload=False)  # found by reading the files that declare it
    assert v.text == "payments" and chain(v) == ["svc/Constants.cs:2"]


def test_enum_like_object_member_in_typescript(make_repo):
    repo = make_repo({
        "web/topics.ts": "export class Topics {\n  static readonly Orders = 'orders';\n}\n",
        "web/app.ts": "import { Topics } from './topics';\nprobe(Topics.Orders);\n",
    })
    [v] = probe(repo, "web/app.ts")
    assert v.text == "orders" and chain(v) == ["web/topics.ts:2"]


def test_typescript_enum_member_and_const_object(make_repo):
    repo = make_repo({
        "web/topics.ts": "export enum Topic {\n  Orders = 'orders',\n  Refunds = `refunds`,\n}\nexport const T = { AUDIT: 'audit' } as const;\n",
        "web/app.ts": "import { Topic, T } from './topics';\nprobe(Topic.Refunds);\nprobe(T.AUDIT);\n",
    })
    [a] = probe(repo, "web/app.ts", 0)
    [b] = probe(repo, "web/app.ts", 1)
    assert (a.text, chain(a)) == ("refunds", ["web/topics.ts:3"])
    assert (b.text, chain(b)) == ("audit", ["web/topics.ts:5", "web/topics.ts:5"])


# -- env and config ---------------------------------------------------------------------------


def test_env_with_a_default_through_coalesce(make_repo):
    repo = make_repo({
        "svc/Consumer.cs": (
            "class Consumer {\n"                                                                       # 1
            "    static readonly string Topic = Environment.GetEnvironmentVariable(\"TOPIC\") ?? \"orders\";\n"  # 2
            "    void Run() { probe(Topic); }\n"
            "}\n"
        ),
    })
    [v] = probe(repo, "svc/Consumer.cs")
    assert (v.text, v.env, v.origin) == ("orders", "TOPIC", "env-default")
    assert chain(v) == ["svc/Consumer.cs:2"]


def test_env_without_a_default_is_unknown_and_says_why(make_repo):
    repo = make_repo({"web/a.js": "const t = process.env.TOPIC;\nprobe(t);\n"})
    [v] = probe(repo, "web/a.js")
    assert v.text is None and v.env == "TOPIC"
    assert "TOPIC" in v.reason and chain(v) == ["web/a.js:1"]


def test_js_env_or_default(make_repo):
    repo = make_repo({"web/a.js": "const t = process.env['TOPIC'] || 'clicks';\nprobe(t);\n"})
    [v] = probe(repo, "web/a.js")
    assert (v.text, v.env) == ("clicks", "TOPIC")


def test_dotnet_configuration_key_from_appsettings(make_repo):
    repo = make_repo({
        "svc/Svc.csproj": "<Project/>\n",
        "svc/appsettings.json": '{\n  "Kafka": {\n    "Topic": "invoices"\n  }\n}\n',
        "svc/Worker.cs": (
            "class Worker {\n"
            "    void Run(IConfiguration configuration) {\n"
            "        probe(configuration[\"Kafka:Topic\"]);\n"
            "        probe(configuration.GetSection(\"Kafka\")[\"Topic\"]);\n"
            "        probe(configuration.GetValue<string>(\"Kafka:Missing\", \"fallback\"));\n"
            "    }\n"
            "}\n"
        ),
    })
    [a] = probe(repo, "svc/Worker.cs", 0)
    [b] = probe(repo, "svc/Worker.cs", 1)
    [c] = probe(repo, "svc/Worker.cs", 2)
    assert (a.text, a.origin, chain(a)) == ("invoices", "config", ["svc/appsettings.json:3"])
    assert (b.text, chain(b)) == ("invoices", ["svc/appsettings.json:3"])
    assert (c.text, c.origin) == ("fallback", "config-default")


def test_node_config_key_from_config_default(make_repo):
    repo = make_repo({
        "api/package.json": "{}\n",
        "api/config/default.yaml": "http:\n  topic: not-this-one\nkafka:\n  brokers: [k]\n  topic: clicks\n",
        "api/src/app.js": "const config = require('config');\nprobe(config.get('kafka.topic'));\n",
    })
    [v] = probe(repo, "api/src/app.js")
    assert (v.text, v.origin, chain(v)) == ("clicks", "config", ["api/config/default.yaml:5"])


def test_dotnet_options_bound_from_a_configuration_section(make_repo):
    repo = make_repo({
        "svc/Svc.csproj": "<Project/>\n",
        "svc/appsettings.json": '{\n  "Kafka": {\n    "Topic": "ledger"\n  }\n}\n',
        "svc/KafkaOptions.cs": "public class KafkaOptions {\n    public string Topic { get; set; } = \"orders\";\n    public string GroupId { get; set; } = \"ledger-readers\";\n}\n",
        "svc/Program.cs": "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.Configure<KafkaOptions>(builder.Configuration.GetSection(\"Kafka\"));\n",
        "svc/Worker.cs": (
            "class Worker {\n"
            "    private readonly IOptions<KafkaOptions> _options;\n"
            "    public Worker(IOptions<KafkaOptions> options) { _options = options; }\n"
            "    void Run() { probe(_options.Value.Topic); probe(_options.Value.GroupId); }\n"
            "}\n"
        ),
    })
    [topic] = probe(repo, "svc/Worker.cs", 0)
    [group] = probe(repo, "svc/Worker.cs", 1)
    assert (topic.text, topic.origin) == ("ledger", "config")
    assert chain(topic) == ["svc/Worker.cs:3", "svc/Program.cs:2", "svc/appsettings.json:3"]
    assert (group.text, group.origin) == ("ledger-readers", "config-default")
    assert chain(group)[-1] == "svc/KafkaOptions.cs:3"


# -- functions, parameters, objects -----------------------------------------------------------


def test_function_return_across_files(make_repo):
    repo = make_repo({
        "web/config.ts": (
            "export function topic(): string {\n"                  # 1
            "  return process.env.T ?? 'orders';\n"                # 2
            "}\n"
        ),
        "web/app.ts": "import { topic } from './config';\nprobe(topic());\n",
    })
    [v] = probe(repo, "web/app.ts")
    assert (v.text, v.env) == ("orders", "T")
    assert chain(v) == ["web/config.ts:2"]


def test_parameter_filled_at_every_call_site(make_repo):
    repo = make_repo({
        "svc/Pub.cs": (
            "class Pub {\n"                                        # 1
            "    void Send(string topic) { probe(topic); }\n"      # 2
            "    void A() { Send(\"orders\"); }\n"                 # 3
            "    void B() { Send(\"refunds\"); }\n"                # 4
            "}\n"
        ),
    })
    values = probe(repo, "svc/Pub.cs")
    assert texts(values) == ["orders", "refunds"]
    assert sorted(chain(v)[0] for v in values) == ["svc/Pub.cs:3", "svc/Pub.cs:4"]


def test_parameter_with_no_call_site_stays_unknown(make_repo):
    repo = make_repo({"svc/Pub.cs": "class Pub {\n    public void Send(string topic) { probe(topic); }\n}\n"})
    [v] = probe(repo, "svc/Pub.cs")
    assert v.text is None and "no call site" in v.reason


def test_parameter_default_when_no_call_site(make_repo):
    repo = make_repo({"web/a.ts": "function send(topic = 'audit') {\n  probe(topic);\n}\n"})
    [v] = probe(repo, "web/a.ts")
    assert v.text == "audit" and chain(v) == ["web/a.ts:1"]


def test_accessor_returns_what_the_constructor_was_given(make_repo):
    repo = make_repo({
        "svc/Settings.cs": (
            "class Settings {\n"                                   # 1
            "    private readonly string _topic;\n"                # 2
            "    public Settings(string topic) { _topic = topic; }\n"  # 3
            "    public string Topic => _topic;\n"                 # 4
            "}\n"
        ),
        "svc/App.cs": (
            "class App {\n"                                        # 1
            "    void Run() {\n"                                   # 2
            "        var s = new Settings(\"payments\");\n"        # 3
            "        probe(s.Topic);\n"                            # 4
            "    }\n"
            "}\n"
        ),
    })
    [v] = probe(repo, "svc/App.cs")
    assert v.text == "payments"
    assert chain(v) == ["svc/App.cs:3", "svc/Settings.cs:4", "svc/Settings.cs:3", "svc/App.cs:3"]


def test_typescript_parameter_property_and_this_member(make_repo):
    repo = make_repo({
        "web/pub.ts": (
            "export class Pub {\n"                                           # 1
            "  constructor(private readonly topic: string) {}\n"             # 2
            "  go() { probe(this.topic); }\n"                                # 3
            "}\n"
            "export const pub = new Pub('orders');\n"                        # 5
        ),
    })
    [v] = probe(repo, "web/pub.ts")
    assert v.text == "orders" and chain(v) == ["web/pub.ts:2", "web/pub.ts:5"]


def test_object_literal_field_through_an_import(make_repo):
    repo = make_repo({
        "web/config.js": "module.exports = {\n  kafka: { topic: 'events', group: 'g' },\n};\n",
        "web/app.js": "const config = require('./config');\nprobe(config.kafka.topic);\n",
    })
    [v] = probe(repo, "web/app.js")
    assert v.text == "events" and chain(v)[-1] == "web/config.js:2"


def test_record_initialiser_field(make_repo):
    repo = make_repo({
        "svc/App.cs": (
            "class App {\n"
            "    void Run() {\n"
            "        var o = new Options { Topic = \"clicks\" };\n"       # 3
            "        probe(o.Topic);\n"
            "    }\n"
            "}\n"
        ),
    })
    [v] = probe(repo, "svc/App.cs")
    assert v.text == "clicks" and chain(v) == ["svc/App.cs:3", "svc/App.cs:3"]


# -- string building and choices --------------------------------------------------------------


def test_template_string_with_a_constant_prefix(make_repo):
    repo = make_repo({"web/a.ts": "const env = 'prod';\nconst t = `${env}.orders`;\nprobe(t);\n"})
    [v] = probe(repo, "web/a.ts")
    assert (v.text, v.origin) == ("prod.orders", "concat")
    assert chain(v) == ["web/a.ts:2", "web/a.ts:1"]


def test_csharp_interpolation(make_repo):
    repo = make_repo({
        "svc/App.cs": (
            "class App {\n"
            "    const string Env = \"dev\";\n"                            # 2
            "    void Run() { probe($\"{Env}.payments\"); }\n"
            "}\n"
        ),
    })
    [v] = probe(repo, "svc/App.cs")
    assert v.text == "dev.payments" and chain(v) == ["svc/App.cs:2"]


def test_concatenation_with_an_unknown_part_is_unknown(make_repo):
    repo = make_repo({"web/a.js": "function f(x) { probe('t.' + x); }\n"})
    [v] = probe(repo, "web/a.js")
    assert v.text is None and "x" in v.reason


def test_conditional_gives_both_values(make_repo):
    repo = make_repo({"web/a.js": "const t = process.env.PROD ? 'orders' : 'orders-dev';\nprobe(t);\n"})
    assert texts(probe(repo, "web/a.js")) == ["orders", "orders-dev"]


def test_last_assignment_before_the_use_wins(make_repo):
    repo = make_repo({"web/a.js": "function f() {\n  let t = 'a';\n  t = 'b';\n  probe(t);\n}\n"})
    [v] = probe(repo, "web/a.js")
    assert v.text == "b" and chain(v) == ["web/a.js:3"]


def test_self_reference_terminates(make_repo):
    repo = make_repo({"svc/App.cs": "class App {\n    static string A = B;\n    static string B = A;\n    void Run() { probe(A); }\n}\n"})
    [v] = probe(repo, "svc/App.cs")
    assert v.text is None and "itself" in v.reason
