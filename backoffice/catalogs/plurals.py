"""Plural-Forms headers: safe evaluation, CLDR defaults and labels for plural fields.

The plural expression of a catalog is C code written by translators. It is never handed to
``eval``: it is tokenized and compiled by a small recursive-descent parser into closures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from babel.messages.plurals import get_plural

from backoffice.core.errors import OperationError
from backoffice.core.locale_ids import babel_locale

__all__ = [
    "PluralFormsError",
    "PluralLabel",
    "PluralRule",
    "default_plural_rule",
    "format_samples",
    "is_template_plural_forms",
    "parse_plural_forms",
    "plural_labels",
]

# Numbers whose plural form labels a field: every small number plus a few large ones, so
# rules on n % 100 or n % 1000 show their behaviour.
SAMPLE_RANGE = range(201)
LARGE_SAMPLES = (1000, 1001, 1002, 1005, 10000, 100000, 1000000)
MAX_NPLURALS = 16  # CLDR never needs more than 6; anything huge is a typo (or an attack)
# Real rules are under 150 characters and nest a few parentheses deep; the bounds keep a
# hostile header from costing more than a real one (and fit the catalog's column).
MAX_PLURAL_FORMS_LENGTH = 255
MAX_NESTING = 20


class PluralFormsError(ValueError):
    """A Plural-Forms header that cannot be used; the message is meant for translators."""


_Expr = Callable[[int], int]

_TOKEN_RE = re.compile(r"\s*(?:(\d+)|(n)\b|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    end = len(text.rstrip())
    while pos < end:
        m = _TOKEN_RE.match(text, pos)
        if m is None or m.end() == pos:
            raise PluralFormsError(f"unexpected {text[pos:].strip()[:1]!r} in the plural rule")
        tokens.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    return tokens


def _div(a: int, b: int) -> int:
    # C integer division truncates toward zero; a division by zero yields form 0 like gettext.
    if b == 0:
        return 0
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _mod(a: int, b: int) -> int:
    if b == 0:
        return 0
    return a - b * _div(a, b)


_BINARY: dict[str, Callable[[int, int], int]] = {
    "||": lambda a, b: int(bool(a) or bool(b)),
    "&&": lambda a, b: int(bool(a) and bool(b)),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    "<=": lambda a, b: int(a <= b),
    ">": lambda a, b: int(a > b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _div,
    "%": _mod,
}
# Binary operators from loosest to tightest binding, as in C.
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def nest(self) -> None:
        """Enter a parenthesis, a unary operator or a ternary branch: one level deeper."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise PluralFormsError(
                f"the plural rule nests more than {MAX_NESTING} levels deep"
            )

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            raise PluralFormsError("the plural rule ends too early")
        if expected is not None and token != expected:
            raise PluralFormsError(f"expected {expected!r} but found {token!r} in the plural rule")
        self.pos += 1
        return token

    def ternary(self) -> _Expr:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        self.nest()
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        self.depth -= 1
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(self, level: int) -> _Expr:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            op = _BINARY[self.take()]
            right = self.binary(level + 1)
            left = (lambda f, a, b: lambda n: f(a(n), b(n)))(op, left, right)
        return left

    def unary(self) -> _Expr:
        tok = self.peek()
        if tok in ("!", "-", "("):
            self.take()
            self.nest()
            inner = self.ternary() if tok == "(" else self.unary()
            if tok == "(":
                self.take(")")
            self.depth -= 1
            if tok == "!":
                return lambda n: int(not inner(n))
            if tok == "-":
                return lambda n: -inner(n)
            return inner
        if tok == "n":
            self.take()
            return lambda n: n
        if tok is not None and tok.isdigit():
            value = int(self.take())
            return lambda n: value
        if tok is None:
            raise PluralFormsError("the plural rule ends too early")
        raise PluralFormsError(f"unexpected {tok!r} in the plural rule")


def compile_expression(expression: str) -> _Expr:
    """Compile a C plural expression into a function of ``n``; raises PluralFormsError."""
    parser = _Parser(_tokenize(expression))
    if not parser.tokens:
        raise PluralFormsError("the plural rule is empty")
    func = parser.ternary()
    if parser.peek() is not None:
        raise PluralFormsError(f"unexpected {parser.peek()!r} in the plural rule")
    return func


@dataclass(frozen=True)
class PluralRule:
    """``nplurals`` and the compiled ``plural`` expression of a Plural-Forms header."""

    nplurals: int
    expression: str
    _func: _Expr

    def index(self, n: int) -> int:
        """The msgstr[] index used for ``n``; out-of-range results fall back to 0 like gettext."""
        value = self._func(n)
        return value if 0 <= value < self.nplurals else 0

    @property
    def header(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.expression};"

    @classmethod
    def from_expression(cls, nplurals: int, expression: str) -> PluralRule:
        return _checked(nplurals, expression)


_HEADER_RE = re.compile(
    r"^\s*nplurals\s*=\s*(?P<n>[^;]*?)\s*;\s*plural\s*=\s*(?P<expr>[^;]*?)\s*;?\s*$"
)
_HEADER_RE_SWAPPED = re.compile(
    r"^\s*plural\s*=\s*(?P<expr>[^;]*?)\s*;\s*nplurals\s*=\s*(?P<n>[^;]*?)\s*;?\s*$"
)


def is_template_plural_forms(value: str) -> bool:
    """True for the ``nplurals=INTEGER; plural=EXPRESSION;`` placeholder of templates."""
    return "INTEGER" in value or "EXPRESSION" in value


def _checked(nplurals: int, expression: str) -> PluralRule:
    if not 1 <= nplurals <= MAX_NPLURALS:
        raise PluralFormsError(f"nplurals must be between 1 and {MAX_NPLURALS}, not {nplurals}")
    func = compile_expression(expression)
    for n in (*SAMPLE_RANGE, *LARGE_SAMPLES):
        value = func(n)
        if not 0 <= value < nplurals:
            raise PluralFormsError(
                f"the plural rule gives form {value} for n={n}, "
                f"but nplurals={nplurals} only allows forms 0 to {nplurals - 1}"
            )
    return PluralRule(nplurals, expression, func)


def parse_plural_forms(value: str) -> PluralRule:
    """Parse a header value such as ``nplurals=3; plural=(n==1 ? 0 : 2);``."""
    if len(value) > MAX_PLURAL_FORMS_LENGTH:
        raise PluralFormsError(
            f"Plural-Forms is {len(value)} characters long; a plural rule takes at most "
            f"{MAX_PLURAL_FORMS_LENGTH}"
        )
    m = _HEADER_RE.match(value) or _HEADER_RE_SWAPPED.match(value)
    if m is None:
        raise PluralFormsError(
            f"Plural-Forms must look like 'nplurals=2; plural=n != 1;' but is {value.strip()!r}"
        )
    if not m.group("n").isdigit() or len(m.group("n")) > 3:
        raise PluralFormsError(f"nplurals must be a number, not {m.group('n')!r}")
    return _checked(int(m.group("n")), m.group("expr"))


def default_plural_rule(locale: str) -> PluralRule:
    """The CLDR-derived rule Babel uses for new catalogs of ``locale``."""
    known = babel_locale(locale)
    if known is None:
        raise LookupError(f"CLDR has no plural rule for {locale}")
    plural = get_plural(known)
    return _checked(plural.num_plurals, plural.plural_expr)


@dataclass(frozen=True)
class PluralLabel:
    """How to present msgstr[index] to a translator."""

    index: int
    category: str  # CLDR category (one, few, many, other...) or "form N" without a locale
    samples: tuple[int, ...]
    samples_text: str

    @property
    def label(self) -> str:
        return f"{self.category} ({self.samples_text})" if self.samples_text else self.category


def format_samples(numbers: list[int], *, max_ranges: int = 3) -> str:
    """Compact sample list: ``2-4, 22-24, 32-34...``; an open-ended run reads ``0, 1, 2...``."""
    small = sorted(n for n in numbers if n in SAMPLE_RANGE)
    if not small:
        large = sorted(numbers)
        return ", ".join(str(n) for n in large[:max_ranges]) + ("..." if len(large) > 3 else "")
    runs: list[tuple[int, int]] = []
    for n in small:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    parts: list[str] = []
    top = SAMPLE_RANGE[-1]
    for start, end in runs[:max_ranges]:
        if end == top and end - start >= 2:
            # The run continues past what was sampled: show it as an open sequence.
            parts.append(f"{start}, {start + 1}, {start + 2}...")
            return ", ".join(parts)
        parts.append(str(start) if start == end else f"{start}-{end}")
    text = ", ".join(parts)
    more = len(runs) > max_ranges or any(n not in SAMPLE_RANGE for n in numbers)
    return text + "..." if more else text


def plural_labels(rule: PluralRule, locale: str | None = None) -> list[PluralLabel]:
    """Label every form of the file's own rule with a CLDR category and sample numbers.

    The file's rule decides which numbers go to which form (it wins over CLDR when both
    disagree); CLDR only names each form, by the category most of its numbers share.
    """
    numbers: dict[int, list[int]] = {i: [] for i in range(rule.nplurals)}
    for n in (*SAMPLE_RANGE, *LARGE_SAMPLES):
        numbers[rule.index(n)].append(n)
    cldr = None
    if locale:
        try:
            known = babel_locale(locale)
            cldr = known.plural_form if known else None
        except (ValueError, LookupError, OperationError):
            cldr = None
    names: list[str] = []
    for index in range(rule.nplurals):
        if cldr is None or not numbers[index]:
            names.append(f"form {index}")
            continue
        votes = Counter(cldr(n) for n in numbers[index])
        names.append(votes.most_common(1)[0][0])
    # Two forms voted to the same category (a rule that disagrees with CLDR): keep them apart.
    seen = Counter(names)
    labels = []
    for index, name in enumerate(names):
        if seen[name] > 1:
            name = f"{name} {index}"
        labels.append(
            PluralLabel(index, name, tuple(numbers[index]), format_samples(numbers[index]))
        )
    return labels
