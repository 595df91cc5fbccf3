"""The Go front-end lowered into the IR and evaluated, one construct per test, each on a small real
repository: the values an expression can have and the evidence chain (path:line per hop)."""

from __future__ import annotations

from copilot.lang.golang import Go, package_name
from tests.lang.helpers import chain, probe, texts

GO_MOD = "module example.com/shop\n"


def test_package_const_and_a_name_from_another_file_of_the_package(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "svc/names.go": 'package svc\n\nconst Prefix = "shop."\n',
        "svc/main.go": (
            "package svc\n"                                   # 1
            "\n"                                              # 2
            "const (\n"                                       # 3
            '\tOrders = Prefix + "orders"\n'                  # 4
            ")\n"                                             # 5
            "\n"                                              # 6
            "func run() { probe(Orders) }\n"                  # 7
        ),
    })
    [v] = probe(repo, "svc/main.go")
    assert (v.text, v.origin) == ("shop.orders", "concat")
    assert chain(v) == ["svc/main.go:4", "svc/names.go:3"]


def test_helper_in_another_package_returns_the_env_var_or_a_default(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "events/topics.go": (
            "package events\n"                                # 1
            "\n"                                              # 2
            'import "os"\n'                                   # 3
            "\n"                                              # 4
            "var InvoiceTopic = invoiceTopic()\n"             # 5
            "\n"                                              # 6
            "func invoiceTopic() string {\n"                  # 7
            '\tif t := os.Getenv("INVOICE_TOPIC"); t != "" {\n'  # 8
            "\t\treturn t\n"                                  # 9
            "\t}\n"                                           # 10
            '\treturn "invoices"\n'                           # 11
            "}\n"
        ),
        "main.go": 'package main\n\nimport "example.com/shop/events"\n\nfunc main() { probe(events.InvoiceTopic) }\n',
    })
    [v] = probe(repo, "main.go")
    assert (v.text, v.origin, v.env) == ("invoices", "env-default", "INVOICE_TOPIC")
    assert chain(v) == ["events/topics.go:5", "events/topics.go:8"]


def test_lookup_env_helper_with_a_second_result(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "cfg/cfg.go": (
            "package cfg\n\n"
            'import "os"\n\n'
            "func RefundTopic() (string, bool) {\n"
            '\tif v, ok := os.LookupEnv("REFUND_TOPIC"); ok {\n'
            "\t\treturn v, true\n"
            "\t}\n"
            '\treturn "refunds", false\n'
            "}\n"
        ),
        "main.go": (
            "package main\n\n"
            'import "example.com/shop/cfg"\n\n'
            "func main() {\n"
            "\ttopic, _ := cfg.RefundTopic()\n"
            "\tprobe(topic)\n"
            "}\n"
        ),
    })
    [v] = probe(repo, "main.go")
    assert (v.text, v.origin, v.env) == ("refunds", "env-default", "REFUND_TOPIC")


def test_env_helper_taking_the_variable_name_and_default_from_each_call_site(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "util/env.go": (
            "package util\n"                                  # 1
            "\n"                                              # 2
            'import "os"\n'                                   # 3
            "\n"                                              # 4
            "func GetEnv(key, fallback string) string {\n"    # 5
            "\tif v := os.Getenv(key); v != \"\" {\n"         # 6
            "\t\treturn v\n"                                  # 7
            "\t}\n"                                           # 8
            "\treturn fallback\n"                             # 9
            "}\n"
        ),
        "main.go": (
            "package main\n"                                  # 1
            "\n"                                              # 2
            'import "example.com/shop/util"\n'                # 3
            "\n"                                              # 4
            "func main() {\n"                                 # 5
            '\tprobe(util.GetEnv("ORDERS_TOPIC", "orders"))\n'  # 6
            "}\n"
        ),
    })
    [v] = probe(repo, "main.go")
    assert (v.text, v.origin, v.env) == ("orders", "env-default", "ORDERS_TOPIC")
    # the look-up in the helper, then the call site that gave its name and its default
    assert list(dict.fromkeys(chain(v))) == ["util/env.go:6", "main.go:6"]


def test_getenv_without_a_default_is_the_variable_unresolved(make_repo):
    repo = make_repo({"go.mod": GO_MOD, "main.go": 'package main\n\nimport "os"\n\nfunc main() { probe(os.Getenv("TOPIC")) }\n'})
    [v] = probe(repo, "main.go")
    assert (v.text, v.env) == (None, "TOPIC") and "no default" in v.reason


def test_sprintf_and_concatenation_build_the_name(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "main.go": (
            "package main\n"                                  # 1
            "\n"                                              # 2
            'import "fmt"\n'                                  # 3
            "\n"                                              # 4
            'const env = "prod"\n'                            # 5
            "\n"                                              # 6
            "func main() {\n"                                 # 7
            '\tbase := fmt.Sprintf("%s.orders.%d%%", env, 2)\n'  # 8
            '\tprobe(base + ".v1")\n'                         # 9
            "}\n"
        ),
    })
    [v] = probe(repo, "main.go")
    assert v.text == "prod.orders.2%.v1"
    assert chain(v) == ["main.go:8", "main.go:5"]


def test_flag_defaults_are_configuration_with_a_default(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "main.go": (
            "package main\n"                                  # 1
            "\n"                                              # 2
            'import "flag"\n'                                 # 3
            "\n"                                              # 4
            "type Options struct{ Topic string }\n"           # 5
            "\n"                                              # 6
            "func main() {\n"                                 # 7
            '\tgroup := flag.String("group", "ingester", "the consumer group")\n'  # 8
            "\tvar opts Options\n"                            # 9
            '\tflag.StringVar(&opts.Topic, "topic", "spans", "the topic")\n'  # 10
            "\tprobe(*group)\n"                               # 11
            "\tprobe(opts.Topic)\n"                           # 12
            "}\n"
        ),
    })
    [group] = probe(repo, "main.go", 0)
    assert (group.text, group.origin) == ("ingester", "cli-default") and chain(group) == ["main.go:8"]
    [topic] = probe(repo, "main.go", 1)
    assert (topic.text, topic.origin) == ("spans", "cli-default")


def test_a_flag_set_parameter_declares_flags_too(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "main.go": (
            "package main\n\n"
            'import "flag"\n\n'
            "func AddFlags(fs *flag.FlagSet) {\n"
            '\tprobe(fs.String("kafka.topic", "jaeger-spans", "topic"))\n'
            "}\n"
            "func other(s *Store) {\n"
            '\tprobe(s.String("kafka.topic", "not-a-flag", "x"))\n'  # any other `String` method is no flag
            "}\n"
        ),
    })
    [v] = probe(repo, "main.go", 0)
    assert (v.text, v.origin) == ("jaeger-spans", "cli-default")
    [w] = probe(repo, "main.go", 1)
    assert w.text is None


def test_a_method_reads_the_field_its_struct_literal_was_given(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "pub/pub.go": (
            "package pub\n"                                   # 1
            "\n"                                              # 2
            "type Publisher struct {\n"                       # 3
            "\ttopic string\n"                                # 4
            "}\n"                                             # 5
            "\n"                                              # 6
            "func New(topic string) *Publisher {\n"           # 7
            "\treturn &Publisher{topic: topic}\n"             # 8
            "}\n"                                             # 9
            "\n"                                              # 10
            "func (p *Publisher) Send() { probe(p.topic) }\n"  # 11
        ),
        "main.go": (
            "package main\n"                                  # 1
            "\n"                                              # 2
            'import "example.com/shop/pub"\n'                 # 3
            "\n"                                              # 4
            'func main() { pub.New("audit").Send(); pub.New("billing").Send() }\n'  # 5
        ),
    })
    values = probe(repo, "pub/pub.go")
    assert texts(values) == ["audit", "billing"]
    assert all(chain(v) == ["pub/pub.go:8", "main.go:5"] for v in values)


def test_a_method_defined_in_another_file_of_the_package_is_followed(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "cfg/config.go": "package cfg\n\ntype Config struct{ name string }\n\nfunc Load() *Config { return &Config{name: \"payments\"} }\n",
        "cfg/topic.go": "package cfg\n\nfunc (c *Config) Topic() string { return c.name + \".v2\" }\n",
        "main.go": 'package main\n\nimport "example.com/shop/cfg"\n\nfunc main() { probe(cfg.Load().Topic()) }\n',
    })
    [v] = probe(repo, "main.go")
    assert v.text == "payments.v2"
    assert chain(v)[0] == "cfg/topic.go:3"


def test_a_range_over_a_slice_literal_is_one_value_per_item(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "main.go": (
            "package main\n\n"
            "func main() {\n"
            '\tfor _, t := range []string{"a", "b"} {\n'
            "\t\tprobe(t)\n"
            "\t}\n"
            "}\n"
        ),
    })
    values = probe(repo, "main.go")
    # a loop variable stays unknown rather than guessed
    assert [v.text for v in values] == [None]


def test_package_names_of_import_paths():
    assert package_name("github.com/segmentio/kafka-go") == "kafka"
    assert package_name("github.com/confluentinc/confluent-kafka-go/v2/kafka") == "kafka"
    assert package_name("github.com/IBM/sarama") == "sarama"
    assert package_name("github.com/twmb/franz-go/pkg/kgo") == "kgo"


def test_a_broken_file_is_lowered_as_far_as_it_parses():
    mod = Go().lower("svc/bad.go", b'package svc\n\nconst Topic = "orders"\n\nfunc broken( {\n')
    assert [a.target for a in mod.assigns] == ["Topic"]
    assert mod.warnings and mod.warnings[0].startswith("svc/bad.go:")


def test_a_settings_struct_parameter_reads_the_defaults_its_own_method_sets(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "config/shop.go": (
            "package config\n"                                # 1
            "\n"                                              # 2
            "type Shop struct {\n"                            # 3
            "\tPrefix string\n"                               # 4
            "}\n"                                             # 5
            "\n"                                              # 6
            "func (c *Shop) SetDefaults() {\n"                # 7
            '\tc.Prefix = "shop-"\n'                          # 8
            "}\n"
        ),
        # a type of the same name in the service's own package is another type
        "svc/shop.go": 'package svc\n\ntype Shop struct{ Prefix string }\n\nfunc (s *Shop) init() { s.Prefix = "other-" }\n',
        "svc/orders.go": (
            "package svc\n"                                   # 1
            "\n"                                              # 2
            'import "example.com/shop/config"\n'              # 3
            "\n"                                              # 4
            "func NewOrders(cfg config.Shop) {\n"             # 5
            '\tprobe(cfg.Prefix + "orders")\n'                # 6
            "}\n"
        ),
    })
    [v] = probe(repo, "svc/orders.go")
    assert v.text == "shop-orders"
    assert chain(v) == ["config/shop.go:8"]


def test_a_viper_key_built_from_constants_is_the_flag_of_that_name_with_its_default(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "store/options.go": (
            "package store\n"                                 # 1
            "\n"                                              # 2
            "import (\n"                                      # 3
            '\t"flag"\n'                                      # 4
            '\t"github.com/spf13/viper"\n'                    # 5
            ")\n"                                             # 6
            "\n"                                              # 7
            "const (\n"                                       # 8
            '\tprefix       = "kafka.producer"\n'             # 9
            '\tsuffixTopic  = ".topic"\n'                     # 10
            '\tdefaultTopic = "spans"\n'                      # 11
            ")\n"                                             # 12
            "\n"                                              # 13
            "type Options struct{ Topic string }\n"           # 14
            "\n"                                              # 15
            "func (o *Options) AddFlags(fs *flag.FlagSet) {\n"  # 16
            '\tfs.String(prefix+suffixTopic, defaultTopic, "the topic")\n'  # 17
            "}\n"                                             # 18
            "\n"                                              # 19
            "func (o *Options) InitFromViper(v *viper.Viper) {\n"  # 20
            "\to.Topic = v.GetString(prefix + suffixTopic)\n"  # 21
            "}\n"
        ),
        "store/factory.go": (
            "package store\n"                                 # 1
            "\n"                                              # 2
            "type Factory struct {\n"                         # 3
            "\toptions Options\n"                             # 4
            "}\n"                                             # 5
            "\n"                                              # 6
            "func (f *Factory) InitFromOptions(o Options) { f.options = o }\n"  # 7
            "\n"                                              # 8
            "func (f *Factory) Writer() { probe(f.options.Topic) }\n"  # 9
        ),
    })
    [v] = probe(repo, "store/factory.go")
    assert (v.text, v.origin) == ("spans", "cli-default")
    # the field set from viper, how the key is built, the flag that key names, the flag's default
    assert list(dict.fromkeys(chain(v))) == ["store/options.go:21", "store/options.go:9", "store/options.go:10", "store/options.go:17", "store/options.go:11"]


def test_types_and_functions_of_the_same_name_in_two_packages_are_kept_apart(make_repo):
    writer = (
        "package {pkg}\n"                                     # 1
        "\n"                                                  # 2
        "type Writer struct{{ topic string }}\n"              # 3
        "\n"                                                  # 4
        "func New(topic string) *Writer {{ return &Writer{{topic: topic}} }}\n"  # 5
        "\n"                                                  # 6
        "func (w *Writer) Write() {{ probe(w.topic) }}\n"     # 7
    )
    repo = make_repo({
        "go.mod": GO_MOD,
        "kafka/writer.go": writer.format(pkg="kafka"),
        "memory/writer.go": writer.format(pkg="memory"),
        "main.go": (
            "package main\n\n"
            'import (\n\t"example.com/shop/kafka"\n\t"example.com/shop/memory"\n)\n\n'
            'func main() { kafka.New("spans").Write(); memory.New("unused").Write() }\n'
        ),
    })
    assert texts(probe(repo, "kafka/writer.go")) == ["spans"]
    assert texts(probe(repo, "memory/writer.go")) == ["unused"]


def test_a_struct_made_with_new_gets_the_fields_set_on_it_afterwards(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "main.go": (
            "package main\n"                                  # 1
            "\n"                                              # 2
            "type checkout struct{ topic string }\n"          # 3
            "\n"                                              # 4
            "func (cs *checkout) send() { probe(cs.topic) }\n"  # 5
            "\n"                                              # 6
            "func main() {\n"                                 # 7
            "\tsvc := new(checkout)\n"                        # 8
            '\tsvc.topic = "orders"\n'                        # 9
            "\tsvc.send()\n"                                  # 10
            "}\n"
        ),
    })
    [v] = probe(repo, "main.go")
    assert v.text == "orders" and chain(v) == ["main.go:9"]


def test_an_import_outside_the_module_is_not_a_directory_of_the_same_name(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "sarama/topics.go": 'package sarama\n\nconst Topic = "local"\n',  # the repository's own `sarama` folder
        "main.go": 'package main\n\nimport "github.com/IBM/sarama"\n\nfunc main() { probe(sarama.Topic) }\n',
    })
    [v] = probe(repo, "main.go")
    assert v.text is None and "sarama" in v.reason


def test_without_a_go_mod_an_import_path_ends_with_the_package_directory(make_repo):
    repo = make_repo({
        "pkg/names/topics.go": 'package names\n\nconst Topic = "audit"\n',
        "cmd/main.go": 'package main\n\nimport "github.com/acme/shop/pkg/names"\n\nfunc main() { probe(names.Topic) }\n',
    })
    [v] = probe(repo, "cmd/main.go")
    assert v.text == "audit" and chain(v) == ["pkg/names/topics.go:3"]


def test_a_field_set_through_a_parameter_of_the_type_is_what_its_methods_read(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "main.go": (
            "package main\n"                                  # 1
            "\n"                                              # 2
            "type server struct{ topic string }\n"            # 3
            "\n"                                              # 4
            'func start(s *server) { s.topic = "billing" }\n'  # 5
            "\n"                                              # 6
            "func (s *server) emit() { probe(s.topic) }\n"    # 7
        ),
    })
    [v] = probe(repo, "main.go")
    assert v.text == "billing" and chain(v) == ["main.go:5"]


def test_a_field_nothing_sets_is_unresolved_and_says_so(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "main.go": "package main\n\ntype Config struct{ Topic string }\n\nfunc (c *Config) run() { probe(c.Topic) }\n",
    })
    [v] = probe(repo, "main.go")
    assert v.text is None and "field `Topic` of `Config` is given no value" in v.reason
