"""A small language-neutral view of a Java or Kotlin file.

The two tree-sitter grammars disagree on almost every node name, so each front end
(``jvm_java``, ``jvm_kotlin``) lowers its tree into these dataclasses and one analyser
(``jvm_analyze``) turns them into facts.  The view keeps only what the analyser needs:
declarations, annotations, and per method the calls, variables, assignments, loops,
catch blocks and lambdas, each with its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TypeRef:
    """A type as written: ``KafkaTemplate<String, Order>`` -> base "KafkaTemplate", args [String, Order]."""

    text: str
    qname: str  # the name without type arguments, as written ("org.x.Foo" or "Foo")
    args: list[TypeRef] = field(default_factory=list)
    line: int = 0
    fn_params: list[TypeRef] | None = None  # Kotlin function type `(A, B) -> C`
    fn_ret: TypeRef | None = None

    @property
    def base(self) -> str:
        return self.qname.rsplit(".", 1)[-1]


@dataclass(eq=False)
class Expr:
    """An expression, reduced to the shapes the analyser cares about.

    kind: ``str`` (literal; ``value`` decoded), ``name`` (identifier or dotted name, ``this.``
    dropped), ``call`` (``recv``.``name``(``args``)), ``new`` (constructor call; ``name`` is the
    class as written), ``concat`` (``args`` are the parts of a ``+`` or a string template),
    ``array``, ``pair`` (Kotlin ``a to b``), ``elvis`` (Kotlin ``a ?: b``), ``lambda``
    (``params``), ``classlit`` (``Foo.class`` / ``Foo::class.java``), ``prop`` (property access
    on a non-name receiver), ``index`` (``recv[args[0]]``), ``annot`` (nested annotation),
    ``lit`` (number/boolean/null), ``other``.
    """

    kind: str
    text: str
    line: int
    end_line: int
    value: str | None = None
    name: str = ""
    recv: Expr | None = None
    args: list[Expr] = field(default_factory=list)
    named: dict[str, Expr] = field(default_factory=dict)
    type_args: list[TypeRef] = field(default_factory=list)
    params: list[str] = field(default_factory=list)
    name_line: int = 0
    ctx: str = "expr"  # stmt | var | assign | return | arg | recv | expr
    ctx_name: str = ""  # the variable a `var`/`assign` context stores into
    outer: Expr | None = field(default=None, repr=False)  # the call this expression is the receiver of

    def __repr__(self) -> str:
        return f"Expr({self.kind}:{self.text[:60]!r}@{self.line})"

    @property
    def short(self) -> str:
        """The text on one line and at most 100 characters: how an unresolved topic is named."""
        if "\n" not in self.text and len(self.text) <= 100:
            return self.text
        flat = " ".join(self.text.split())
        return flat if len(flat) <= 100 else flat[:97] + "..."


@dataclass
class Annotation:
    name: str  # simple name ("KafkaListener")
    args: dict[str, Expr]  # element name -> value; a lone positional value is "value"
    line: int
    end_line: int
    target: str = ""  # Kotlin use-site target (`@field:Value`)


@dataclass
class Var:
    """A field, local variable, parameter, lambda parameter or loop variable."""

    name: str
    type: TypeRef | None
    init: Expr | None
    line: int
    kind: str  # field | local | param | lambda | foreach | resource
    annotations: list[Annotation] = field(default_factory=list)
    const: bool = False  # static final / const val / val in an object / interface constant
    mutable: bool = True
    ctor_param: bool = False  # a Kotlin primary-constructor parameter: `init` is only its default


@dataclass
class EnumEntry:
    name: str
    args: list[Expr]
    line: int


@dataclass
class Catch:
    line: int
    end_line: int
    types: list[str]
    empty: bool  # the body holds nothing but comments


@dataclass
class Loop:
    kind: str  # while | do | for | foreach
    line: int
    end_line: int
    cond: str = ""


@dataclass
class Lambda:
    params: list[str]
    line: int
    end_line: int
    owner: Expr | None  # the call the lambda is an argument of


@dataclass
class Method:
    name: str
    line: int
    end_line: int
    annotations: list[Annotation] = field(default_factory=list)
    params: list[Var] = field(default_factory=list)
    ret: TypeRef | None = None
    vars: dict[str, Var] = field(default_factory=dict)  # params, locals, lambda and loop variables
    calls: list[Expr] = field(default_factory=list)  # every call and constructor call, outer first
    assigns: list[tuple[Expr, Expr, int]] = field(default_factory=list)
    catches: list[Catch] = field(default_factory=list)
    loops: list[Loop] = field(default_factory=list)
    foreach: list[tuple[Var, Expr]] = field(default_factory=list)
    lambdas: list[Lambda] = field(default_factory=list)
    returns: list[Expr] = field(default_factory=list)
    navs: list[Expr] = field(default_factory=list)  # property reads / index reads (`o.amount`, `o["x"]`)
    is_init: bool = False  # field initialisers, init blocks and constructors of a class

    def annotation(self, *names: str) -> Annotation | None:
        return next((a for a in self.annotations if a.name in names), None)


@dataclass
class ClassDecl:
    name: str  # simple name; "" for Kotlin top-level declarations
    qname: str  # Outer.Inner
    kind: str  # class | interface | enum | record | object | file
    line: int
    end_line: int
    annotations: list[Annotation] = field(default_factory=list)
    fields: dict[str, Var] = field(default_factory=dict)
    enum_entries: dict[str, EnumEntry] = field(default_factory=dict)
    methods: list[Method] = field(default_factory=list)
    supers: list[TypeRef] = field(default_factory=list)
    outer: str | None = None

    def annotation(self, *names: str) -> Annotation | None:
        return next((a for a in self.annotations if a.name in names), None)


@dataclass
class FileIR:
    language: str
    package: str = ""
    imports: dict[str, str] = field(default_factory=dict)  # simple name or alias -> qualified name
    member_imports: set[str] = field(default_factory=set)  # names brought in by static/member imports
    import_lines: list[tuple[str, int]] = field(default_factory=list)  # (qualified, line) for every import
    classes: list[ClassDecl] = field(default_factory=list)
    strings: list[tuple[Expr, ClassDecl, Method | None]] = field(default_factory=list)  # schema candidates
