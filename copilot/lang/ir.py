"""The language-neutral IR every front-end lowers a file into.

Small on purpose: the value-flow evaluator (`copilot.lang.evaluate`) and the library matcher
(`copilot.libraries.match`) only need to know where values are defined, how they are built and
where calls happen.  Everything is a frozen dataclass of plain values so a lowered module pickles
into the scan cache next to the file's facts.

Expression kinds (``Expr.kind``):

- ``str``      a string literal; ``value`` holds it
- ``lit``      a number, boolean or null; ``value`` holds its text
- ``regex``    a regular-expression literal (a pattern subscription); ``value`` holds the pattern
- ``name``     an identifier; ``value`` is the name (``this`` for the receiver object)
- ``member``   ``obj.value``
- ``call``     ``obj(args, **fields)``: ``obj`` is the callee (a ``name`` or ``member``)
- ``new``      object construction ``new value(args) { fields }`` (``value`` is the type name
               without generic arguments or namespace); for an enum member (Java/Kotlin
               ``ORDERS("orders")``) ``obj`` is an ``enum-name`` expression holding the member's
               name, which ``name()`` returns
- ``object``   an object/dict/struct literal: ``fields``
- ``array``    a list/array literal: ``args``
- ``map``      a map built from key/value pairs whose keys are expressions (Java ``Map.of(k, v)``,
               ``Map.entry(k, v)``, Kotlin ``mapOf(k to v)``, ``k to v`` alone): ``args`` alternate
               key and value.  Entries put into a map or ``Properties`` object after it is built
               (``props.put(k, v)``, Kotlin ``props[k] = v``) are calls on it (``put``/``set``)
- ``concat``   string building (``+``, interpolation, template literals): ``args`` are the parts
- ``env``      an environment look-up of variable ``value``; ``args`` holds the default, if any
- ``config``   a configuration look-up of key ``value`` (``IConfiguration["Kafka:Topic"]``);
               ``args`` holds the default, if any.  A key ``-name`` is a command-line flag's
               definition (Go ``flag.String("name", default, ...)``).  ``env`` and ``config``
               whose name is built (a helper's parameter, ``prefix + ".topic"``) hold the name's
               expression in ``obj`` (and ``value`` is '' or ``-``)
- ``coalesce`` ``a ?? b`` / ``a || b``: the first value that is there
- ``choice``   ``cond ? a : b``: either
- ``lambda``   a lambda whose value matters (Kotlin ``x.let { it + "a" }``): ``args`` holds its
               result expression, ``value`` its parameter (``it``; '' when it has none)
- ``annotation`` a JVM annotation on a function (``Function.annotations``), on an injected field or
               parameter (``@Channel("x") Emitter<T> e``: the name's value), or nested in another
               annotation's element: ``value`` is its simple name, ``fields`` its elements (a lone
               positional value is ``value``); Spring ``${key:default}`` placeholders in its
               strings are ``config`` look-ups.  A Python
               decorator has the same shape, with ``obj`` what it is called on (``app`` of
               ``@app.agent(t)``) and its positional arguments in ``args``
- ``index``    ``obj[args[0]]`` (a map, list or loaded document indexed by a key)
- ``enum``     an enum member ``value``.NAME: ``fields`` hold its ``value`` and ``name``
- ``with``     a copy of ``obj`` with ``fields`` changed (``dataclasses.replace(x, f=v)``,
               ``x._replace(f=v)``)
- ``doc``      a configuration document loaded from a file at run time (``yaml.safe_load(f)``);
               ``value`` is the key path indexed so far (dotted), looked up in the repository's
               YAML files
- ``unknown``  anything else (``text`` shows it)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Expr:
    kind: str
    line: int
    text: str = ""
    value: str = ""
    obj: Expr | None = None
    args: tuple[Expr, ...] = ()
    fields: tuple[tuple[str, Expr], ...] = ()

    def field(self, name: str) -> Expr | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None

    @property
    def method(self) -> str:
        """The called name of a call (``send`` for ``producer.send(...)``), else ''."""
        if self.kind == "call" and self.obj is not None and self.obj.kind in ("name", "member"):
            return self.obj.value
        return ""

    @property
    def receiver(self) -> Expr | None:
        """The object a method is called on (``producer`` in ``producer.send(...)``)."""
        if self.kind == "call" and self.obj is not None and self.obj.kind == "member":
            return self.obj.obj
        return None


@dataclass(frozen=True)
class Assign:
    """A definition or assignment: ``target = value``.

    ``target`` is a plain name (``topic``), or ``obj.name`` for a member assignment other than
    ``this.name`` (which is stored as ``name`` with ``local=False``).  ``scope`` is the enclosing
    function's qualified name ('' at module level, the class name in a class body); ``cls`` the
    enclosing class ('' outside classes).  Constants, fields, properties, enum members and
    variables are all assignments.
    """

    target: str
    value: Expr
    line: int
    scope: str = ""
    cls: str = ""
    local: bool = False
    member: bool = False  # an attribute of the receiver (`self.x = ...` in a method), not a local name
    branch: bool = False  # made in a conditional branch: an earlier assignment may still hold


@dataclass(frozen=True)
class Function:
    """A function, method or constructor with its parameters and return expressions."""

    name: str
    qualname: str
    cls: str
    params: tuple[str, ...]
    returns: tuple[Expr, ...]
    line: int
    end_line: int
    is_ctor: bool = False
    defaults: tuple[tuple[str, Expr], ...] = ()  # parameter defaults
    types: tuple[tuple[str, str], ...] = ()  # declared parameter types, as written
    annotations: tuple[Expr, ...] = ()  # JVM annotations, Python decorators (``annotation`` expressions)
    type: str = ""  # the declared return type, as written (`Function<String, Order>`, `(String) -> Unit`)


@dataclass(frozen=True)
class CallSite:
    """A call or construction, with the function and class it sits in."""

    expr: Expr
    scope: str = ""
    cls: str = ""
    awaited: bool = False  # the call's result is awaited (`await p.send(...)`) or chained (`.then(...)`)


@dataclass
class Module:
    """One lowered source file."""

    path: str
    language: str
    assigns: list[Assign] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    classes: dict[str, int] = field(default_factory=dict)  # class name -> line
    # local name -> (module specifier, imported name): `*` for a namespace, `default` for a default export
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)
    uses: list[str] = field(default_factory=list)  # imported modules / namespaces, as written
    # "Class.field" (and a JVM local, "Class.function.name") -> declared type, as written (JVM: without
    # spaces, generic arguments kept)
    field_types: dict[str, str] = field(default_factory=dict)
    class_annotations: dict[str, tuple[Expr, ...]] = field(default_factory=dict)  # JVM: class name -> its annotations
    warnings: list[str] = field(default_factory=list)
