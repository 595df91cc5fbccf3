"""The Go client libraries as catalogue entries, matched over the Go front-end's IR: each test a
small real repository (real git, real tree-sitter-go parse, the real link step), asserting the
endpoints, their topics with evidence, and the client settings with the line they come from."""

from __future__ import annotations

from tests.lang.helpers import go_endpoints

GO_MOD = "module example.com/shop\n"


def _settings(ep) -> dict[str, tuple[str, str]]:
    return {k: (s.value, f"{s.loc.path}:{s.loc.line}") for k, s in ep.settings.items()}


def test_a_sarama_producer_made_by_a_factory_in_another_package_carries_its_settings(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "kafka/factory.go": (
            "package kafka\n"                                                       # 1
            "\n"                                                                    # 2
            'import "github.com/IBM/sarama"\n'                                      # 3
            "\n"                                                                    # 4
            "func CreateKafkaProducer(brokers []string) (sarama.SyncProducer, error) {\n"  # 5
            "\tconfig := sarama.NewConfig()\n"                                      # 6
            "\tconfig.Producer.RequiredAcks = sarama.NoResponse\n"                  # 7
            "\tconfig.Producer.Retry.Max = 5\n"                                     # 8
            "\tconfig.Consumer.Offsets.Initial = sarama.OffsetOldest\n"             # 9
            "\treturn sarama.NewSyncProducer(brokers, config)\n"                    # 10
            "}\n"
        ),
        "main.go": (
            "package main\n"                                                        # 1
            "\n"                                                                    # 2
            "import (\n"                                                            # 3
            '\t"example.com/shop/kafka"\n'                                          # 4
            '\t"github.com/IBM/sarama"\n'                                           # 5
            ")\n"                                                                   # 6
            "\n"                                                                    # 7
            'const topic = "orders"\n'                                              # 8
            "\n"                                                                    # 9
            "func main() {\n"                                                       # 10
            '\tproducer, err := kafka.CreateKafkaProducer([]string{"k:9092"})\n'    # 11
            "\tif err != nil {\n"                                                   # 12
            "\t\tpanic(err)\n"                                                      # 13
            "\t}\n"                                                                 # 14
            '\tproducer.SendMessage(&sarama.ProducerMessage{Topic: topic, Value: sarama.StringEncoder("x")})\n'  # 15
            "}\n"
        ),
    })
    [ep] = go_endpoints(repo)
    assert (ep.role, ep.library, ep.loc.path, ep.loc.line, ep.topic.name) == ("produce", "sarama", "main.go", 15, "orders")
    assert [f"{v.path}:{v.line}" for v in ep.topic.via] == ["main.go:8"]
    # acks=0 is seen at the endpoint that uses the factory's client; the consumer part of the
    # config is not a producer setting
    assert _settings(ep) == {"acks": ("0", "kafka/factory.go:7"), "retries": ("5", "kafka/factory.go:8")}
    assert ep.awaits_ack is True  # a sync producer returns once the broker acknowledged


def test_sarama_async_input_channel_and_a_topic_held_by_the_writer_struct(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "spans/writer.go": (
            "package spans\n"                                                       # 1
            "\n"                                                                    # 2
            'import "github.com/Shopify/sarama"\n'                                  # 3
            "\n"                                                                    # 4
            "type Writer struct {\n"                                                # 5
            "\tproducer sarama.AsyncProducer\n"                                     # 6
            "\ttopic    string\n"                                                   # 7
            "}\n"                                                                   # 8
            "\n"                                                                    # 9
            "func NewWriter(p sarama.AsyncProducer, topic string) *Writer {\n"      # 10
            "\treturn &Writer{producer: p, topic: topic}\n"                         # 11
            "}\n"                                                                   # 12
            "\n"                                                                    # 13
            "func (w *Writer) Write(b []byte) {\n"                                  # 14
            "\tw.producer.Input() <- &sarama.ProducerMessage{Topic: w.topic, Value: sarama.ByteEncoder(b)}\n"  # 15
            "}\n"
        ),
        "main.go": (
            "package main\n"                                                        # 1
            "\n"                                                                    # 2
            "import (\n"                                                            # 3
            '\t"example.com/shop/spans"\n'                                          # 4
            '\t"github.com/Shopify/sarama"\n'                                       # 5
            ")\n"                                                                   # 6
            "\n"                                                                    # 7
            "func main() {\n"                                                       # 8
            "\tcfg := sarama.NewConfig()\n"                                         # 9
            "\tcfg.Producer.Idempotent = true\n"                                    # 10
            '\tp, _ := sarama.NewAsyncProducer([]string{"k"}, cfg)\n'               # 11
            '\tspans.NewWriter(p, "spans").Write(nil)\n'                            # 12
            "}\n"
        ),
    })
    [ep] = go_endpoints(repo)
    assert (ep.loc.path, ep.loc.line, ep.topic.name) == ("spans/writer.go", 15, "spans")
    # the struct literal that gave the field its value, then the call site that filled the parameter
    assert [f"{v.path}:{v.line}" for v in ep.topic.via] == ["spans/writer.go:11", "main.go:12"]
    assert _settings(ep) == {"enable.idempotence": ("true", "main.go:10")}
    assert ep.awaits_ack is False  # sent on the channel: fire-and-forget


def test_sarama_consumer_group_one_endpoint_per_topic_with_the_group_and_offsets(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "billing/consume.go": (
            "package billing\n"                                                     # 1
            "\n"                                                                    # 2
            'import "github.com/IBM/sarama"\n'                                      # 3
            "\n"                                                                    # 4
            "func Consume(h sarama.ConsumerGroupHandler) {\n"                       # 5
            "\tcfg := sarama.NewConfig()\n"                                         # 6
            "\tcfg.Consumer.Offsets.Initial = sarama.OffsetOldest\n"                # 7
            "\tcfg.Consumer.Offsets.AutoCommit.Enable = false\n"                    # 8
            "\tcfg.Producer.RequiredAcks = sarama.WaitForAll\n"                     # 9
            '\tgroup, _ := sarama.NewConsumerGroup([]string{"k"}, "billing", cfg)\n'  # 10
            '\tgroup.Consume(nil, []string{"orders", "refunds"}, h)\n'              # 11
            "}\n"
        ),
    })
    eps = go_endpoints(repo)
    assert [(e.role, e.topic.name, e.loc.line, e.group) for e in eps] == [
        ("consume", "orders", 11, "billing"),
        ("consume", "refunds", 11, "billing"),
    ]
    assert _settings(eps[0]) == {
        "auto.offset.reset": ("earliest", "billing/consume.go:7"),
        "enable.auto.commit": ("false", "billing/consume.go:8"),
        "group.id": ("billing", "billing/consume.go:10"),
    }


def test_sarama_cluster_consumer_topic_from_a_parameter(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "ingest/consumer.go": (
            "package ingest\n"                                                      # 1
            "\n"                                                                    # 2
            'import cluster "github.com/bsm/sarama-cluster"\n'                      # 3
            "\n"                                                                    # 4
            "func New(brokers []string, topic string) {\n"                          # 5
            '\tcluster.NewConsumer(brokers, "ingester", []string{topic}, nil)\n'    # 6
            "}\n"                                                                   # 7
            "\n"                                                                    # 8
            'func Main() { New(nil, "jaeger-spans") }\n'                            # 9
        ),
    })
    [ep] = go_endpoints(repo)
    assert (ep.library, ep.role, ep.topic.name, ep.loc.line, ep.group) == ("sarama-cluster", "consume", "jaeger-spans", 6, "ingester")
    assert [f"{v.path}:{v.line}" for v in ep.topic.via] == ["ingest/consumer.go:9"]


def test_confluent_kafka_go_config_map_topic_partition_and_flush(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "pay/pay.go": (
            "package pay\n"                                                         # 1
            "\n"                                                                    # 2
            'import "github.com/confluentinc/confluent-kafka-go/v2/kafka"\n'        # 3
            "\n"                                                                    # 4
            "func Produce(topic string) {\n"                                        # 5
            '\tp, _ := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": "k", "acks": "1"})\n'  # 6
            '\tp.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: []byte("x")}, nil)\n'  # 7
            "\tp.Flush(1000)\n"                                                     # 8
            '\tc, _ := kafka.NewConsumer(&kafka.ConfigMap{"group.id": "fraud", "auto.offset.reset": "earliest"})\n'  # 9
            '\tc.SubscribeTopics([]string{"payments"}, nil)\n'                      # 10
            "}\n"                                                                   # 11
            "\n"                                                                    # 12
            'func Main() { Produce("invoices") }\n'                                 # 13
        ),
        # another library's method of the same name is no call site of `Produce(topic)`
        "other/other.go": (
            "package other\n\n"
            'import "github.com/twmb/franz-go/pkg/kgo"\n\n'
            "func Send(cl *kgo.Client, r *kgo.Record) { cl.Produce(nil, r, nil) }\n"
        ),
    })
    eps = [e for e in go_endpoints(repo) if e.library == "confluent-kafka-go"]
    assert [(e.role, e.topic.name, e.loc.line) for e in eps] == [("produce", "invoices", 7), ("consume", "payments", 10)]
    produce, consume = eps
    assert [f"{v.path}:{v.line}" for v in produce.topic.via] == ["pay/pay.go:13"]
    assert produce.settings["acks"].value == "1" and produce.awaits_ack is True  # flushed after the send
    assert (consume.group, consume.settings["auto.offset.reset"].value) == ("fraud", "earliest")


def test_kafka_go_writer_literal_and_reader_config(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "clicks/io.go": (
            "package clicks\n"                                                      # 1
            "\n"                                                                    # 2
            "import (\n"                                                            # 3
            '\t"context"\n'                                                         # 4
            '\t"github.com/segmentio/kafka-go"\n'                                   # 5
            ")\n"                                                                   # 6
            "\n"                                                                    # 7
            "func Run() {\n"                                                        # 8
            '\tw := &kafka.Writer{Addr: kafka.TCP("k"), Topic: "clicks", RequiredAcks: kafka.RequireAll}\n'  # 9
            '\tw.WriteMessages(context.Background(), kafka.Message{Value: []byte("x")})\n'  # 10
            '\tr := kafka.NewReader(kafka.ReaderConfig{Topic: "views", GroupID: "stats", StartOffset: kafka.FirstOffset})\n'  # 11
            "\tr.ReadMessage(context.Background())\n"                               # 12
            "}\n"
        ),
    })
    writer, reader = go_endpoints(repo)
    assert (writer.role, writer.topic.name, writer.loc.line, writer.awaits_ack) == ("produce", "clicks", 10, True)
    assert _settings(writer) == {"acks": ("all", "clicks/io.go:9")}
    assert (reader.role, reader.topic.name, reader.loc.line, reader.group) == ("consume", "views", 12, "stats")
    assert _settings(reader) == {
        "group.id": ("stats", "clicks/io.go:11"),
        "auto.offset.reset": ("earliest", "clicks/io.go:11"),
        "enable.auto.commit": ("true", "clicks/io.go:12"),  # ReadMessage commits what it read
    }


def test_franz_go_options_are_settings_and_a_record_without_topic_takes_the_default(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "owl/owl.go": (
            "package owl\n"                                                         # 1
            "\n"                                                                    # 2
            "import (\n"                                                            # 3
            '\t"context"\n'                                                         # 4
            '\t"github.com/twmb/franz-go/pkg/kgo"\n'                                # 5
            ")\n"                                                                   # 6
            "\n"                                                                    # 7
            "func Run(prefix string) {\n"                                           # 8
            "\tcl, _ := kgo.NewClient(\n"                                           # 9
            '\t\tkgo.SeedBrokers("k"),\n'                                           # 10
            '\t\tkgo.ConsumeTopics(prefix+"addresses"),\n'                          # 11
            '\t\tkgo.ConsumerGroup("owl"),\n'                                       # 12
            "\t\tkgo.DisableAutoCommit(),\n"                                        # 13
            "\t\tkgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),\n"              # 14
            "\t)\n"                                                                 # 15
            '\trec := kgo.Record{Topic: prefix + "customers", Value: []byte("x")}\n'  # 16
            "\tcl.Produce(context.Background(), &rec, nil)\n"                       # 17
            '\tp, _ := kgo.NewClient(kgo.DefaultProduceTopic("frontend"), kgo.RequiredAcks(kgo.LeaderAck()))\n'  # 18
            '\tp.ProduceSync(context.Background(), &kgo.Record{Value: []byte("y")})\n'  # 19
            "}\n"                                                                   # 20
            "\n"                                                                    # 21
            'func Main() { Run("owl-") }\n'                                         # 22
        ),
    })
    consume, customers, frontend = go_endpoints(repo)
    assert (consume.role, consume.topic.name, consume.loc.line, consume.group) == ("consume", "owl-addresses", 11, "owl")
    assert _settings(consume) == {
        "group.id": ("owl", "owl/owl.go:12"),
        "enable.auto.commit": ("false", "owl/owl.go:13"),
        "auto.offset.reset": ("earliest", "owl/owl.go:14"),
    }
    assert [f"{v.path}:{v.line}" for v in consume.topic.via] == ["owl/owl.go:22"]
    # the produce side of the same client keeps no consumer settings; no callback: not acknowledged
    assert (customers.role, customers.topic.name, customers.loc.line, customers.settings, customers.awaits_ack) == (
        "produce", "owl-customers", 17, {}, False
    )
    assert (frontend.topic.name, frontend.loc.line, frontend.settings["acks"].value, frontend.awaits_ack) == ("frontend", 19, "1", True)


def test_a_service_struct_holding_a_factory_made_async_producer_sends_in_a_select(make_repo):
    repo = make_repo({
        "go.mod": GO_MOD,
        "kafka/producer.go": (
            "package kafka\n"                                                       # 1
            "\n"                                                                    # 2
            "import (\n"                                                            # 3
            '\t"os"\n'                                                              # 4
            '\t"github.com/IBM/sarama"\n'                                           # 5
            ")\n"                                                                   # 6
            "\n"                                                                    # 7
            "var Topic = topic()\n"                                                 # 8
            "\n"                                                                    # 9
            "func topic() string {\n"                                               # 10
            '\tif t := os.Getenv("ORDERS_TOPIC"); t != "" {\n'                      # 11
            "\t\treturn t\n"                                                        # 12
            "\t}\n"                                                                 # 13
            '\treturn "orders"\n'                                                   # 14
            "}\n"                                                                   # 15
            "\n"                                                                    # 16
            "func NewProducer(brokers []string) (sarama.AsyncProducer, error) {\n"  # 17
            "\tc := sarama.NewConfig()\n"                                           # 18
            "\tc.Producer.RequiredAcks = sarama.NoResponse\n"                       # 19
            "\treturn sarama.NewAsyncProducer(brokers, c)\n"                        # 20
            "}\n"
        ),
        "main.go": (
            "package main\n"                                                        # 1
            "\n"                                                                    # 2
            "import (\n"                                                            # 3
            '\t"example.com/shop/kafka"\n'                                          # 4
            '\t"github.com/IBM/sarama"\n'                                           # 5
            ")\n"                                                                   # 6
            "\n"                                                                    # 7
            "type checkout struct {\n"                                              # 8
            "\tproducer sarama.AsyncProducer\n"                                     # 9
            "}\n"                                                                   # 10
            "\n"                                                                    # 11
            "func (cs *checkout) send(body []byte) {\n"                             # 12
            "\tmsg := sarama.ProducerMessage{\n"                                    # 13
            "\t\tTopic: kafka.Topic,\n"                                             # 14
            "\t\tValue: sarama.ByteEncoder(body),\n"                                # 15
            "\t}\n"                                                                 # 16
            "\tselect {\n"                                                          # 17
            "\tcase cs.producer.Input() <- &msg:\n"                                 # 18
            "\t\treturn\n"                                                          # 19
            "\t}\n"                                                                 # 20
            "\tgo func() { cs.producer.Input() <- &msg }()\n"                       # 21
            "}\n"                                                                   # 22
            "\n"                                                                    # 23
            "func main() {\n"                                                       # 24
            "\tsvc := new(checkout)\n"                                              # 25
            '\tsvc.producer, _ = kafka.NewProducer([]string{"k"})\n'                # 26
            "\tsvc.send(nil)\n"                                                     # 27
            "}\n"
        ),
    })
    # one endpoint, cited where the message is built, though it is sent from two places
    [ep] = go_endpoints(repo)
    assert (ep.loc.path, ep.loc.line, ep.topic.name, ep.topic.origin) == ("main.go", 13, "orders", "env-default")
    assert ep.topic.pending is not None and ep.topic.pending.key == "ORDERS_TOPIC"
    assert [f"{v.path}:{v.line}" for v in ep.topic.via] == ["kafka/producer.go:8", "kafka/producer.go:11"]
    assert _settings(ep) == {"acks": ("0", "kafka/producer.go:19")}
    assert ep.awaits_ack is False
