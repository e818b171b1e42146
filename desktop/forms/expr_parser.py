"""Tokenizer and parser for the XPath subset used by XLSForms.

Grammar (lowest precedence first)::

    or_expr    := and_expr ('or' and_expr)*
    and_expr   := equality ('and' equality)*
    equality   := relational (('=' | '!=') relational)*
    relational := additive (('<' | '<=' | '>' | '>=') additive)*
    additive   := multiplicative (('+' | '-') multiplicative)*
    multiplicative := unary (('*' | 'div' | 'mod') unary)*
    unary      := '-'* primary
    primary    := NUMBER | STRING | '${' NAME '}' | '.' | NAME '(' args ')'
                | NAME | '(' or_expr ')'

A bare ``NAME`` (no ``${}``) is a column of the choices sheet; it is only
meaningful in ``choice_filter``. Operators of one precedence level are kept
as one flat :class:`Chain` node so a long sum does not make a deep tree; the
nesting that remains (parentheses, function calls) is capped at
:data:`MAX_DEPTH`, and the text at :data:`MAX_LENGTH` characters, so parsing
and evaluating any input is fast and never exhausts the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.forms.errors import ExpressionError
from desktop.forms.safe_regex import compile_safe
from desktop.forms.xpath_functions import ARITY
from desktop.i18n import _, ngettext

MAX_LENGTH = 2000
MAX_DEPTH = 32
MAX_TOKENS = 600

# name -> (minimum, maximum or None for unbounded) number of arguments
FUNCTIONS: dict[str, tuple[int, int | None]] = ARITY

KEYWORD_OPERATORS = frozenset({"and", "or", "div", "mod"})

_NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
_NAME_RE = re.compile(_NAME + r"(?:::?[A-Za-z_][A-Za-z0-9_.\-]*)?")  # jr:choice-name, label::English
_REF_RE = re.compile(r"\$\{\s*(" + _NAME + r")\s*\}")
_NUMBER_RE = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_WS = " \t\r\n"
_SYMBOLS = ("=", "<", ">", "+", "-", "*", "(", ")", ",")
_BAD_OPERATORS = ("==", "&&", "||", "<>", "=<", "=>", "!", "&", "|", "/", "^", "%", "[", "]", "@")
# typographic quotes (from word processors) close with their partner or themselves
_QUOTES = {
    "'": "'",
    '"': '"',
    "\u2018": "\u2019\u2018",
    "\u201c": "\u201d\u201c",
    "\u2019": "\u2019",
    "\u201d": "\u201d",
}


@dataclass(frozen=True)
class Token:
    kind: str  # 'number', 'string', 'ref', 'dot', 'name', 'op', '(', ')', ',', 'end'
    value: str
    pos: int


# ---- AST -----------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | float
    pos: int


@dataclass(frozen=True)
class Ref:
    name: str
    pos: int


@dataclass(frozen=True)
class Current:
    pos: int
    parent: bool = False  # '..' (only meaningful in position(..))


@dataclass(frozen=True)
class Name:
    """A bare name: a column of the current choice (``choice_filter``)."""

    name: str
    pos: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple
    pos: int


@dataclass(frozen=True)
class Negate:
    operand: object
    pos: int


@dataclass(frozen=True)
class Chain:
    """``first op1 x1 op2 x2 ...``, all operators of one precedence level, left to right."""

    first: object
    rest: tuple  # tuple[tuple[str, node], ...]
    pos: int


# ---- tokenizer -------------------------------------------------------------


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raises :class:`ExpressionError` on anything unknown."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _WS:
            i += 1
            continue
        if len(tokens) >= MAX_TOKENS:
            raise ExpressionError(_("The expression is too long."), i)
        if ch in _QUOTES:
            closing = _QUOTES[ch]
            end = next((j for j in range(i + 1, n) if text[j] in closing), -1)
            if end < 0:
                raise ExpressionError(_("Unterminated text: a closing {quote} is missing.").format(quote=ch), i)
            tokens.append(Token("string", text[i + 1 : end], i))
            i = end + 1
            continue
        if ch == "$":
            match = _REF_RE.match(text, i)
            if not match:
                raise ExpressionError(
                    _("Malformed field reference: write it as {example}.").format(example="${name}"), i
                )
            tokens.append(Token("ref", match.group(1), i))
            i = match.end()
            continue
        match = _NUMBER_RE.match(text, i)
        if match:
            tokens.append(Token("number", match.group(0), i))
            i = match.end()
            continue
        if text.startswith(("!=", "<=", ">="), i):
            tokens.append(Token("op", text[i : i + 2], i))
            i += 2
            continue
        bad = next((op for op in _BAD_OPERATORS if text.startswith(op, i)), None)
        if bad is not None:
            raise ExpressionError(_("Unknown operator '{op}'.").format(op=bad), i)
        if text.startswith("..", i):
            tokens.append(Token("dot", "..", i))
            i += 2
            continue
        if ch == ".":
            tokens.append(Token("dot", ".", i))
            i += 1
            continue
        match = _NAME_RE.match(text, i)
        if match:
            word = match.group(0)
            kind = "op" if word in KEYWORD_OPERATORS else "name"
            tokens.append(Token(kind, word, i))
            i = match.end()
            continue
        symbol = next((s for s in _SYMBOLS if text.startswith(s, i)), None)
        if symbol is not None:
            kind = symbol if symbol in "()," else "op"
            tokens.append(Token(kind, symbol, i))
            i += len(symbol)
            continue
        raise ExpressionError(_("Unexpected character '{char}'.").format(char=ch), i)
    tokens.append(Token("end", "", n))
    return tokens


# ---- parser ----------------------------------------------------------------

_LEVELS = (("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod"))


class _Parser:
    def __init__(self, text: str, lenient: bool = False):
        self.text = text
        self.lenient = lenient
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def describe(self, tok: Token) -> str:
        if tok.kind == "end":
            return _("the end of the expression")
        if tok.kind == "string":
            return "'{value}'".format(value=tok.value)
        if tok.kind == "ref":
            return "${{{value}}}".format(value=tok.value)
        return "'{value}'".format(value=tok.value)

    def parse(self):
        if self.tok.kind == "end":
            raise ExpressionError(_("The expression is empty."), 0)
        node = self.level(0)
        if self.tok.kind != "end":
            tok = self.tok
            if tok.kind == ")":
                raise ExpressionError(_("Unbalanced parentheses: ')' without '('."), tok.pos)
            raise ExpressionError(
                _("Unexpected {token} after a complete expression.").format(token=self.describe(tok)), tok.pos
            )
        return node

    def level(self, index: int):
        if index == len(_LEVELS):
            return self.unary()
        operators = _LEVELS[index]
        start = self.tok.pos
        first = self.level(index + 1)
        rest = []
        while self.tok.kind == "op" and self.tok.value in operators:
            op = self.advance().value
            rest.append((op, self.level(index + 1)))
        if not rest:
            return first
        return Chain(first, tuple(rest), start)

    def unary(self):
        start = self.tok.pos
        minus = 0
        while self.tok.kind == "op" and self.tok.value == "-":
            self.advance()
            minus += 1
        node = self.primary()
        return Negate(node, start) if minus % 2 else node

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(_("The expression is nested too deeply."), pos)

    def primary(self):
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            return Literal(float(tok.value), tok.pos)
        if tok.kind == "string":
            self.advance()
            return Literal(tok.value, tok.pos)
        if tok.kind == "ref":
            self.advance()
            return Ref(tok.value, tok.pos)
        if tok.kind == "dot":
            self.advance()
            return Current(tok.pos, tok.value == "..")
        if tok.kind == "(":
            self.advance()
            self.enter(tok.pos)
            node = self.level(0)
            if self.tok.kind != ")":
                raise ExpressionError(_("Unbalanced parentheses: '(' is not closed."), tok.pos)
            self.advance()
            self.depth -= 1
            return node
        if tok.kind == "name":
            self.advance()
            if self.tok.kind == "(":
                return self.call(tok)
            return Name(tok.value, tok.pos)
        if tok.kind == "end":
            raise ExpressionError(_("The expression ends too early."), tok.pos)
        if tok.kind == ")":
            raise ExpressionError(_("Unbalanced parentheses: ')' without '('."), tok.pos)
        raise ExpressionError(_("Unexpected {token}.").format(token=self.describe(tok)), tok.pos)

    def call(self, name_tok: Token):
        name = name_tok.value
        if name not in FUNCTIONS and not self.lenient:
            raise ExpressionError(_("Unknown function '{name}()'.").format(name=name), name_tok.pos)
        open_tok = self.advance()
        self.enter(open_tok.pos)
        args = []
        if self.tok.kind != ")":
            args.append(self.level(0))
            while self.tok.kind == ",":
                self.advance()
                args.append(self.level(0))
        if self.tok.kind != ")":
            if self.tok.kind == "end":
                raise ExpressionError(_("Unbalanced parentheses: '(' is not closed."), open_tok.pos)
            raise ExpressionError(
                _("Expected ',' or ')' in the arguments of {name}(), found {token}.").format(
                    name=name, token=self.describe(self.tok)
                ),
                self.tok.pos,
            )
        self.advance()
        self.depth -= 1
        low, high = FUNCTIONS.get(name, (0, None))
        if len(args) < low or (high is not None and len(args) > high):
            raise ExpressionError(self._arity_message(name, low, high, len(args)), name_tok.pos)
        if name == "regex" and isinstance(args[1], Literal) and isinstance(args[1].value, str):
            try:
                compile_safe(args[1].value)
            except ExpressionError as exc:
                raise ExpressionError(exc.message, args[1].pos) from None
        return Call(name, tuple(args), name_tok.pos)

    @staticmethod
    def _arity_message(name: str, low: int, high: int | None, count: int) -> str:
        if high == low:
            return ngettext(
                "{name}() takes {expected} argument, not {count}.",
                "{name}() takes {expected} arguments, not {count}.",
                low,
            ).format(name=name, expected=low, count=count)
        if high is None:
            return ngettext(
                "{name}() takes at least {expected} argument, not {count}.",
                "{name}() takes at least {expected} arguments, not {count}.",
                low,
            ).format(name=name, expected=low, count=count)
        return _("{name}() takes {low} to {high} arguments, not {count}.").format(
            name=name, low=low, high=high, count=count
        )


def parse_tree(text: str, lenient: bool = False):
    """Parse ``text`` into an AST; raises :class:`ExpressionError` if it is malformed.

    ``lenient`` accepts functions that are not in the ODK library (they evaluate to '')."""
    if not isinstance(text, str):
        raise ExpressionError(_("The expression must be text."), None)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            _("The expression is longer than {limit} characters.").format(limit=MAX_LENGTH), MAX_LENGTH
        )
    return _Parser(text, lenient).parse()
