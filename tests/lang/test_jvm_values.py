"""The value-flow evaluator on Java and Kotlin, one construct per test, each on a small real
repository lowered by the Java / Kotlin front-ends: the values and the evidence chain."""

from __future__ import annotations

from tests.lang.helpers import chain, probe, texts

J = "svc/src/main/java/com/acme"
K = "svc/src/main/kotlin/com/acme"


# -- constants, enums, records ----------------------------------------------------------------


def test_java_static_final_constant_of_another_class(make_repo):
    repo = make_repo({
        f"{J}/Topics.java": (
            "package com.acme;\n"                                                   # 1
            "public final class Topics {\n"                                         # 2
            "    public static final String PREFIX = \"shop.\";\n"                  # 3
            "    public static final String ORDERS = PREFIX + \"orders\";\n"        # 4
            "}\n"
        ),
        f"{J}/App.java": "package com.acme;\nclass App { void run() { probe(Topics.ORDERS); } }\n",
    })
    [v] = probe(repo, f"{J}/App.java", preload=False)  # Topics.java is read when the trace needs it
    assert (v.text, v.origin) == ("shop.orders", "concat")
    assert chain(v) == [f"{J}/Topics.java:4", f"{J}/Topics.java:3"]


def test_java_static_import_of_a_constant(make_repo):
    repo = make_repo({
        f"{J}/kafka/Topics.java": "package com.acme.kafka;\npublic interface Topics {\n    String PAYMENTS = \"payments\";\n}\n",
        f"{J}/App.java": "package com.acme;\nimport static com.acme.kafka.Topics.PAYMENTS;\nclass App { void run() { probe(PAYMENTS); } }\n",
    })
    [v] = probe(repo, f"{J}/App.java")
    assert v.text == "payments" and chain(v) == [f"{J}/kafka/Topics.java:3"]


def test_java_enum_member_argument_through_its_accessor(make_repo):
    repo = make_repo({
        f"{J}/Topic.java": (
            "package com.acme;\n"                                     # 1
            "public enum Topic {\n"                                   # 2
            "    ORDERS(\"orders\"), REFUNDS(\"refunds\");\n"         # 3
            "    private final String topicName;\n"                   # 4
            "    Topic(String name) { this.topicName = name; }\n"     # 5
            "    public String getTopicName() { return topicName; }\n"  # 6
            "}\n"
        ),
        f"{J}/App.java": "package com.acme;\nclass App { void run() { probe(Topic.REFUNDS.getTopicName()); } }\n",
    })
    [v] = probe(repo, f"{J}/App.java")
    assert v.text == "refunds"
    assert chain(v) == [f"{J}/Topic.java:6", f"{J}/Topic.java:5", f"{J}/Topic.java:3"]


def test_java_record_accessor_returns_the_component(make_repo):
    repo = make_repo({
        f"{J}/App.java": (
            "package com.acme;\n"                                                  # 1
            "record Binding(String topic, String group) {}\n"                      # 2
            "class App {\n"                                                        # 3
            "    void run() {\n"                                                   # 4
            "        Binding b = new Binding(\"audit\", \"auditors\");\n"          # 5
            "        probe(b.topic());\n"                                          # 6
            "    }\n"
            "}\n"
        ),
    })
    [v] = probe(repo, f"{J}/App.java")
    assert v.text == "audit"  # the accessor, the component, the argument
    assert chain(v) == [f"{J}/App.java:2", f"{J}/App.java:2", f"{J}/App.java:5"]


def test_kotlin_object_constant_with_a_template(make_repo):
    repo = make_repo({
        f"{K}/Topics.kt": (
            "package com.acme\n"                                # 1
            "object Topics {\n"                                 # 2
            "    const val PREFIX = \"shop.\"\n"                # 3
            "    const val ORDERS = \"${PREFIX}orders\"\n"      # 4
            "}\n"
        ),
        f"{K}/App.kt": "package com.acme\nfun run() {\n    probe(Topics.ORDERS)\n}\n",
    })
    [v] = probe(repo, f"{K}/App.kt", preload=False)
    assert v.text == "shop.orders"
    assert chain(v) == [f"{K}/Topics.kt:4", f"{K}/Topics.kt:3"]


def test_kotlin_member_import_and_companion_constant(make_repo):
    repo = make_repo({
        f"{K}/Topics.kt": "package com.acme\nobject Topics {\n    const val AUDIT = \"audit\"\n}\n",
        f"{K}/App.kt": (
            "package com.acme\n"                                         # 1
            "import com.acme.Topics.AUDIT\n"                             # 2
            "class App {\n"                                              # 3
            "    companion object { const val SUFFIX = \".v2\" }\n"      # 4
            "    fun run() { probe(AUDIT + SUFFIX) }\n"                  # 5
            "}\n"
        ),
    })
    [v] = probe(repo, f"{K}/App.kt")
    assert v.text == "audit.v2"
    assert chain(v) == [f"{K}/Topics.kt:3", f"{K}/App.kt:4"]


def test_kotlin_enum_class_property_from_its_entry(make_repo):
    repo = make_repo({
        f"{K}/Topic.kt": "package com.acme\nenum class Topic(val topicName: String) {\n    ORDERS(\"orders\"), REFUNDS(\"refunds\")\n}\n",
        f"{K}/App.kt": "package com.acme\nfun run() { probe(Topic.ORDERS.topicName) }\n",
    })
    [v] = probe(repo, f"{K}/App.kt")
    assert v.text == "orders" and chain(v)[0] == f"{K}/Topic.kt:3"


# -- string building ---------------------------------------------------------------------------


def test_java_string_format_and_formatted(make_repo):
    repo = make_repo({
        f"{J}/App.java": (
            "package com.acme;\n"                                               # 1
            "class App {\n"                                                     # 2
            "    static final String ENV = \"prod\";\n"                         # 3
            "    void run() {\n"                                                # 4
            "        probe(String.format(\"%s.orders\", ENV));\n"               # 5
            "        probe(\"%s.refunds.%d\".formatted(ENV, 2));\n"             # 6
            "        probe(String.format(\"%08.2f\", ENV));\n"                  # 7
            "    }\n"
            "}\n"
        ),
    })
    [a] = probe(repo, f"{J}/App.java", 0)
    [b] = probe(repo, f"{J}/App.java", 1)
    [c] = probe(repo, f"{J}/App.java", 2)
    assert (a.text, a.origin, chain(a)) == ("prod.orders", "concat", [f"{J}/App.java:3"])
    assert b.text == "prod.refunds.2"
    assert c.text is None  # a conversion other than %s / %d is not guessed


def test_kotlin_format_on_a_string(make_repo):
    repo = make_repo({f"{K}/App.kt": "package com.acme\nconst val ENV = \"dev\"\nfun run() { probe(\"events.%s\".format(ENV)) }\n"})
    [v] = probe(repo, f"{K}/App.kt")
    assert (v.text, chain(v)) == ("events.dev", [f"{K}/App.kt:2"])


# -- environment and configuration -------------------------------------------------------------


def test_java_getenv_with_a_default(make_repo):
    repo = make_repo({
        f"{J}/App.java": (
            "package com.acme;\n"                                                                          # 1
            "import java.util.Optional;\n"                                                                 # 2
            "class App {\n"                                                                                # 3
            "    private final String a = System.getenv().getOrDefault(\"ORDERS_TOPIC\", \"orders\");\n"   # 4
            "    private final String b = Optional.ofNullable(System.getenv(\"AUDIT\")).orElse(\"audit\");\n"  # 5
            "    void run() { probe(a); probe(b); probe(System.getenv(\"NONE\")); }\n"                     # 6
            "}\n"
        ),
    })
    [a] = probe(repo, f"{J}/App.java", 0)
    [b] = probe(repo, f"{J}/App.java", 1)
    [c] = probe(repo, f"{J}/App.java", 2)
    assert (a.text, a.env, a.origin, chain(a)) == ("orders", "ORDERS_TOPIC", "env-default", [f"{J}/App.java:4"])
    assert (b.text, b.env, b.origin) == ("audit", "AUDIT", "env-default")
    assert (c.text, c.env) == (None, "NONE") and "NONE" in c.reason


def test_kotlin_getenv_elvis_default(make_repo):
    repo = make_repo({f"{K}/App.kt": "package com.acme\nval topic = System.getenv(\"TOPIC\") ?: \"clicks\"\nfun run() { probe(topic) }\n"})
    [v] = probe(repo, f"{K}/App.kt")
    assert (v.text, v.env, v.origin, chain(v)) == ("clicks", "TOPIC", "env-default", [f"{K}/App.kt:2"])


def test_spring_value_on_a_field_from_application_yml(make_repo):
    repo = make_repo({
        "svc/pom.xml": "<project/>\n",
        "svc/src/main/resources/application.yml": "app:\n  topics:\n    orders: orders.v1\n",
        f"{J}/App.java": (
            "package com.acme;\n"                                                       # 1
            "class App {\n"                                                             # 2
            "    @Value(\"${app.topics.orders:orders}\") private String orders;\n"      # 3
            "    @Value(\"${app.topics.missing:fallback}\") private String missing;\n"  # 4
            "    void run() { probe(orders); probe(missing); }\n"                       # 5
            "}\n"
        ),
    })
    [a] = probe(repo, f"{J}/App.java", 0)
    [b] = probe(repo, f"{J}/App.java", 1)
    assert (a.text, a.origin) == ("orders.v1", "config")
    assert chain(a) == [f"{J}/App.java:3", "svc/src/main/resources/application.yml:3"]
    assert (b.text, b.origin, chain(b)) == ("fallback", "config-default", [f"{J}/App.java:4"])


def test_spring_value_on_a_constructor_parameter_from_application_properties(make_repo):
    repo = make_repo({
        "svc/pom.xml": "<project/>\n",
        "svc/src/main/resources/application.properties": "# topics\napp.topic=payments\n",
        f"{J}/App.java": (
            "package com.acme;\n"                                                      # 1
            "class App {\n"                                                            # 2
            "    private final String topic;\n"                                        # 3
            "    App(@Value(\"${app.topic}\") String topic) { this.topic = topic; }\n"  # 4
            "    void run() { probe(this.topic); }\n"                                  # 5
            "}\n"
        ),
    })
    [v] = probe(repo, f"{J}/App.java")
    assert (v.text, v.origin) == ("payments", "config")
    assert chain(v) == [f"{J}/App.java:4", f"{J}/App.java:4", "svc/src/main/resources/application.properties:2"]


def test_spring_placeholder_inside_text(make_repo):
    repo = make_repo({f"{J}/App.java": "package com.acme;\nclass App {\n    @Value(\"${env:dev}.orders\") String t;\n    void run() { probe(t); }\n}\n"})
    [v] = probe(repo, f"{J}/App.java")
    assert (v.text, v.origin) == ("dev.orders", "concat")


def test_microprofile_config_property_with_default(make_repo):
    repo = make_repo({
        f"{J}/App.java": (
            "package com.acme;\n"                                                                            # 1
            "class App {\n"                                                                                  # 2
            "    @ConfigProperty(name = \"mp.topic\", defaultValue = \"prices\") String topic;\n"            # 3
            "    void run() { probe(topic); }\n"                                                             # 4
            "}\n"
        ),
    })
    [v] = probe(repo, f"{J}/App.java")
    assert (v.text, v.origin, chain(v)) == ("prices", "config-default", [f"{J}/App.java:3"])


def test_kotlin_value_on_a_constructor_property(make_repo):
    repo = make_repo({
        f"{K}/App.kt": (
            "package com.acme\n"                                                               # 1
            "class App(@Value(\"\\${app.topic:quotes}\") private val topic: String) {\n"       # 2
            "    fun run() { probe(topic) }\n"                                                 # 3
            "}\n"
        ),
    })
    [v] = probe(repo, f"{K}/App.kt")
    assert (v.text, v.origin) == ("quotes", "config-default") and chain(v)[-1] == f"{K}/App.kt:2"


# -- Kotlin scope functions --------------------------------------------------------------------


def test_kotlin_apply_and_also_are_their_object(make_repo):
    repo = make_repo({
        f"{K}/App.kt": (
            "package com.acme\n"                                                 # 1
            "data class Settings(val topic: String)\n"                           # 2
            "fun run() {\n"                                                      # 3
            "    val s = Settings(\"ledger\").apply { validate() }\n"            # 4
            "    probe(s.topic)\n"                                               # 5
            "    probe(Settings(\"audit\").also { log(it) }.topic)\n"            # 6
            "}\n"
        ),
    })
    [a] = probe(repo, f"{K}/App.kt", 0)
    [b] = probe(repo, f"{K}/App.kt", 1)
    assert a.text == "ledger" and chain(a)[0] == f"{K}/App.kt:4"
    assert b.text == "audit"


def test_kotlin_let_run_and_with_are_their_lambdas_result(make_repo):
    repo = make_repo({
        f"{K}/App.kt": (
            "package com.acme\n"                                            # 1
            "data class Settings(val topic: String)\n"                      # 2
            "const val BASE = \"orders\"\n"                                 # 3
            "fun run() {\n"                                                 # 4
            "    probe(BASE.let { \"$it.dlq\" })\n"                         # 5
            "    probe(BASE.let { name -> name + \".retry\" })\n"           # 6
            "    probe(Settings(\"clicks\").run { topic })\n"               # 7
            "    probe(with(Settings(\"views\")) { topic + \".v2\" })\n"    # 8
            "}\n"
        ),
    })
    assert texts(probe(repo, f"{K}/App.kt", 0)) == ["orders.dlq"]
    assert texts(probe(repo, f"{K}/App.kt", 1)) == ["orders.retry"]
    assert texts(probe(repo, f"{K}/App.kt", 2)) == ["clicks"]
    [w] = probe(repo, f"{K}/App.kt", 3)
    assert w.text == "views.v2" and chain(w) == [f"{K}/App.kt:2", f"{K}/App.kt:8"]


def test_kotlin_call_in_an_apply_lambda_is_on_its_object(make_repo):
    """`KafkaConsumer(props).apply { subscribe(listOf(topic)) }`: the call's receiver is the consumer."""
    from copilot.lang.kotlin import Kotlin

    src = (
        "fun consume(props: Properties, topic: String) {\n"
        "    val consumer = KafkaConsumer<String, ByteArray>(props).apply {\n"
        "        subscribe(listOf(topic))\n"
        "    }\n"
        "    consumer.also { it.commitSync() }\n"
        "}\n"
    )
    mod = Kotlin().lower("Main.kt", src.encode())
    calls = {s.expr.method: s.expr for s in mod.calls if s.expr.kind == "call"}
    sub = calls["subscribe"]
    assert sub.receiver is not None and sub.receiver.kind == "new" and sub.receiver.value == "KafkaConsumer"
    assert sub.args[0].kind == "array" and sub.args[0].args[0].value == "topic"
    commit = calls["commitSync"]
    assert commit.receiver is not None and commit.receiver.value == "consumer"


def test_kotlin_by_lazy_property(make_repo):
    repo = make_repo({f"{K}/App.kt": "package com.acme\nclass App {\n    private val topic by lazy { \"lazy.\" + \"topic\" }\n    fun run() { probe(topic) }\n}\n"})
    [v] = probe(repo, f"{K}/App.kt")
    assert (v.text, chain(v)) == ("lazy.topic", [f"{K}/App.kt:3"])


def test_java_and_kotlin_files_are_scan_front_ends_read_once():
    """The scan reads a .java/.kt file with its front-end alone (the IR, and the former
    extractor's other facts next to it): no extractor of copilot.scan.extractors reads it too."""
    from copilot.lang import frontend_for
    from copilot.scan.relevance import EXTRACTORS, LANG_FRONT_END, _front_end

    for path, name in (("a/App.java", "java"), ("a/App.kt", "kotlin"), ("a/build.kts", "kotlin")):
        fe = frontend_for(path)
        assert fe is not None and fe.name == name
        assert _front_end(path) == LANG_FRONT_END and not path.endswith(tuple(EXTRACTORS))
    assert _front_end("a/build.gradle.kts") is None  # a build script is no source


def test_enum_member_name(make_repo):
    repo = make_repo({
        f"{J}/Topic.java": "package com.acme;\npublic enum Topic {\n    ORDERS(\"orders-v2\"), REFUNDS;\n    Topic() {}\n    Topic(String name) {}\n}\n",
        f"{J}/App.java": "package com.acme;\nclass App { void run() { probe(Topic.REFUNDS.name()); probe(Topic.ORDERS.name()); } }\n",
        f"{K}/Kind.kt": "package com.acme\nenum class Kind(val label: String) { AUDIT(\"a\") }\nfun run() { probe(Kind.AUDIT.name) }\n",
    })
    [a] = probe(repo, f"{J}/App.java", 0)
    [b] = probe(repo, f"{J}/App.java", 1)
    [c] = probe(repo, f"{K}/Kind.kt")
    assert (a.text, chain(a)) == ("REFUNDS", [f"{J}/Topic.java:3"])
    assert b.text == "ORDERS"  # the member's name, not its constructor argument
    assert (c.text, chain(c)) == ("AUDIT", [f"{K}/Kind.kt:2"])


def test_method_annotations_with_placeholders_are_lowered():
    """`@KafkaListener(topics = {"a", "${app.t:b}"}, groupId = "g")`: the elements, placeholders as config."""
    from copilot.lang.java import Java
    from copilot.lang.kotlin import Kotlin

    java = Java().lower("L.java", (
        b"class L {\n"
        b"    @KafkaListener(topics = {\"orders\", \"${app.topic:refunds}\"}, groupId = \"billing\")\n"
        b"    void on(String m) {}\n"
        b"}\n"
    ))
    kotlin = Kotlin().lower("L.kt", (
        b"class L {\n"
        b"    @KafkaListener(topics = [\"orders\"], groupId = \"\\${app.group:billing}\")\n"
        b"    fun on(m: String) {}\n"
        b"}\n"
    ))
    [jf] = [f for f in java.functions if f.name == "on"]
    [kf] = [f for f in kotlin.functions if f.name == "on"]
    [ja] = jf.annotations
    [ka] = kf.annotations
    assert (ja.kind, ja.value, ja.line) == ("annotation", "KafkaListener", 2)
    topics = ja.field("topics")
    assert topics is not None and [(t.kind, t.value) for t in topics.args] == [("str", "orders"), ("config", "app.topic")]
    assert topics.args[1].args[0].value == "refunds"
    assert ja.field("groupId").value == "billing"
    group = ka.field("groupId")
    assert (ka.value, group.kind, group.value, group.args[0].value) == ("KafkaListener", "config", "app.group", "billing")


# -- evaluator limits met on real Java -----------------------------------------------------------


def test_a_field_rebuilt_from_itself_terminates_with_its_values(make_repo):
    """`path = "/" + path` in a method: the use on the right is the value before the assignment."""
    repo = make_repo({
        f"{J}/App.java": (
            "package com.acme;\n"                                            # 1
            "class App {\n"                                                  # 2
            "    String path = \"orders\";\n"                                # 3
            "    void normalise() {\n"                                       # 4
            "        path = \"/\" + path;\n"                                 # 5
            "        probe(path);\n"                                         # 6
            "    }\n"
            "}\n"
        ),
    })
    [v] = probe(repo, f"{J}/App.java")
    assert (v.text, chain(v)) == ("/orders", [f"{J}/App.java:5", f"{J}/App.java:3"])


def test_an_overload_is_chosen_by_its_arity(make_repo):
    repo = make_repo({
        f"{J}/App.java": (
            "package com.acme;\n"                                                         # 1
            "class App {\n"                                                               # 2
            "    String topic(String env) { return topic(env, \"orders\"); }\n"           # 3
            "    String topic(String env, String name) { return env + \".\" + name; }\n"  # 4
            "    void run() { probe(topic(\"prod\")); }\n"                                # 5
            "}\n"
        ),
    })
    [v] = probe(repo, f"{J}/App.java")
    assert v.text == "prod.orders"


def test_a_deep_chain_of_helpers_with_several_parameters_is_followed(make_repo):
    """Each call binds its arguments in a context holding its caller's: twelve levels of three
    parameters is a nest of 3^12 contexts if each look-up walked it anew."""
    lines = ["package com.acme;", "class Chain {"]
    for i in range(12):
        lines.append(f"    static String f{i}(String a, String b, String c) {{ return f{i + 1}(a, b, c + \"{i}\"); }}")
    lines.append("    static String f12(String a, String b, String c) { return a + b + c; }")
    lines.append("    void run() { probe(f0(\"x\", \"-\", \"\")); }")
    lines.append("}")
    repo = make_repo({f"{J}/Chain.java": "\n".join(lines) + "\n"})
    [v] = probe(repo, f"{J}/Chain.java")
    assert v.text == "x-" + "".join(str(i) for i in range(12))


CATALOG = (
    "package com.acme.domain;\n"                                                      # 1
    "public class Catalog {\n"                                                        # 2
    "  public static class Channel<V> {\n"                                            # 3
    "    private final String id;\n"                                                  # 4
    "    Channel(final String id, final Object serde) { this.id = id; }\n"            # 5
    "    public String id() { return id; }\n"                                         # 6
    "  }\n"                                                                           # 7
    "  public static class Channels {\n"                                              # 8
    "    public static Channel<String> INVOICES;\n"                                   # 9
    "    public static Channel<String> REFUNDS;\n"                                    # 10
    "    static { build(); }\n"                                                       # 11
    "    private static void build() {\n"                                             # 12
    "      INVOICES = new Channel<>(\"invoices\", null);\n"                           # 13
    "      REFUNDS = new Channel<>(\"refunds\", null);\n"                             # 14
    "    }\n"
    "  }\n"
    "}\n"
)


def test_java_static_import_of_a_nested_classs_holder_set_in_a_static_method(make_repo):
    """`import static acme.Catalog.Channels.INVOICES; INVOICES.id()`: the nested class is found in
    its outer class's file, so the accessor returns what this one construction was given, not
    every construction's."""
    repo = make_repo({
        f"{J}/domain/Catalog.java": CATALOG,
        f"{J}/App.java": "package com.acme;\nimport static com.acme.domain.Catalog.Channels.INVOICES;\nclass App { void run() { probe(INVOICES.id()); } }\n",
    })
    [v] = probe(repo, f"{J}/App.java")
    assert v.text == "invoices"
    assert chain(v) == [f"{J}/domain/Catalog.java:6", f"{J}/domain/Catalog.java:13"]



def test_a_constant_of_a_class_named_as_classes_in_other_packages_is_its_own(make_repo):
    files = {}
    for pkg in ("alpha", "beta", "gamma"):
        files[f"{J}/{pkg}/Ingest.java"] = (
            f"package com.acme.{pkg};\nclass Ingest {{\n  private static final String INPUT = \"{pkg}-in\";\n"
            "  void run() { probe(INPUT); }\n}\n"
        )
    repo = make_repo(files)
    for pkg in ("alpha", "beta", "gamma"):
        assert texts(probe(repo, f"{J}/{pkg}/Ingest.java")) == [f"{pkg}-in"]


def test_a_method_of_a_library_typed_field_is_not_a_repository_class_method_of_the_same_name(make_repo):
    """`NewTopic topic; topic.name()` is not the repository's one `Topic.name()` (every topic it was built with)."""
    repo = make_repo({
        f"{J}/domain/Topic.java": "package com.acme.domain;\npublic class Topic {\n  private final String name;\n  public Topic(String name) { this.name = name; }\n  public String name() { return name; }\n}\n",
        f"{J}/domain/Topics.java": "package com.acme.domain;\npublic class Topics {\n  public static final Topic ORDERS = new Topic(\"orders\");\n  public static final Topic PAYMENTS = new Topic(\"payments\");\n}\n",
        f"{J}/web/Producer.java": "package com.acme.web;\nimport org.apache.kafka.clients.admin.NewTopic;\nclass Producer {\n  private final NewTopic topic;\n  Producer(NewTopic topic) { this.topic = topic; }\n  void run() { probe(topic.name()); }\n}\n",
    })
    assert texts(probe(repo, f"{J}/web/Producer.java")) == [None]
