# SPDX-License-Identifier: GPL-2.0-only
"""
A compatibility layer over Debian's unmodified kconfiglib 14.1.0.

kconfiglib 14.1.0 (2020) predates three additions to the Kconfig language:

  modules        (Linux 5.13) the bare attribute that replaced
                 'option modules'; v6.12's kernel/module/Kconfig uses it
  transitional   (Linux 6.18) a symbol read from an old .config, for
                 the defaults of its successors, but never written
  depends on X if Y
                 (Linux 7.x) a conditional dependency: X constrains the
                 entry only while Y is not n; scripts/kconfig stores it as
                 "X || (Y = n)", kconfig-language.rst documents it

'modules' maps to kconfiglib's 'option modules', which means the same.
'transitional' is parsed and its symbols are left out of write_config();
the 6.18 rule that such a symbol, having no prompt, still takes its value
from the .config read is not emulated (v6.12 has no transitional symbol).

'depends on X if Y' becomes the tokens of "depends on (X) || (Y = n)",
with "Y = n" rewritten into comparisons of symbols (all kconfiglib
parses) by the rules scripts/kconfig applies to it: "S = n" for a symbol,
"(A = n) || (B = n)" for A && B, "(A = n) && (B = n)" for A || B,
"A != n" for !A, "!(S op T)" for a comparison.  So "depends on X if !S"
with S = m holds whatever X is (S != n), as make has it; a plain "X ||
!S" would give m.

CompatKconfig subclasses kconfiglib.Kconfig and hooks _tokenize(), the
one place every Kconfig line goes through: a line whose first word is in
LINE_HANDLERS is handed to its handler, which returns the tokens
kconfiglib should see instead; the tokens of a 'depends on' line with a
top-level 'if' are rewritten as above.  Newer syntax is one more entry
there.  Nothing of kconfiglib is copied or changed.
"""

import kconfiglib


def _modules(kconf, line):
    # 'modules' marks the symbol that enables loadable modules, as
    # 'option modules' did; kconfiglib knows that spelling (it assumes the
    # symbol is called MODULES, which is what the kernel calls it).
    return (kconfiglib._T_OPTION, kconfiglib._T_MODULES, None)


def _transitional(kconf, line):
    # Remembered by location; after parsing, the symbol defined by the
    # enclosing 'config' entry is marked (see CompatKconfig.transitional).
    kconf._compat_transitional_at.append((kconf.filename, kconf.linenr))
    return (None,)


def _config_name(line):
    """FOO for "CONFIG_FOO=..." and "# CONFIG_FOO is not set", else None."""
    if line.startswith("CONFIG_"):
        return line[7:].split("=", 1)[0]
    if line.startswith("# CONFIG_") and line.rstrip().endswith(" is not set"):
        return line[9:].split(" ", 1)[0]
    return None


_OPEN = kconfiglib._T_OPEN_PAREN
_CLOSE = kconfiglib._T_CLOSE_PAREN


def _parse_tokens(kconf, toks):
    """A tree of ('or'|'and', a, b), ('not', a), ('cmp', s, op, t) and
    ('sym', s) from kconfiglib tokens (the grammar of _parse_expr())."""
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        t = peek()
        pos[0] += 1
        return t

    def expr():
        a = and_expr()
        if peek() is kconfiglib._T_OR:
            take()
            return ("or", a, expr())
        return a

    def and_expr():
        a = factor()
        if peek() is kconfiglib._T_AND:
            take()
            return ("and", a, and_expr())
        return a

    def factor():
        t = take()
        if isinstance(t, kconfiglib.Symbol):
            if peek() in kconfiglib._RELATIONS:
                op = take()
                other = take()
                if not isinstance(other, kconfiglib.Symbol):
                    kconf._parse_error("malformed expression")
                return ("cmp", t, op, other)
            return ("sym", t)
        if t is kconfiglib._T_NOT:
            return ("not", factor())
        if t is _OPEN:
            e = expr()
            if take() is _CLOSE:
                return e
        kconf._parse_error("malformed expression")

    tree = expr()
    if pos[0] != len(toks):
        kconf._parse_error("malformed expression")
    return tree


def _compare(kconf, e, equal, sym):
    """Tokens of "e = sym" (equal) or "e != sym", sym kconf.y or kconf.n,
    by scripts/kconfig's rules (expr_trans_compare()): the operands of &&
    and || are compared with "= sym" and joined by && or || (negated for
    "!="), '!' turns "=" into "!=" and back, a comparison is itself or its
    negation, and a symbol becomes the comparison "S = sym" / "S != sym"."""
    kind = e[0]
    if kind == "sym":
        op = kconfiglib._T_EQUAL if equal else kconfiglib._T_UNEQUAL
        return [e[1], op, sym]
    if kind == "not":
        return _compare(kconf, e[1], not equal, sym)
    if kind == "cmp":
        toks = [e[1], e[2], e[3]]
        if equal == (sym is kconf.y):
            return toks
        return [kconfiglib._T_NOT, _OPEN] + toks + [_CLOSE]
    conj = (kind == "and") == (sym is kconf.y)
    op = kconfiglib._T_AND if conj else kconfiglib._T_OR
    toks = ([_OPEN] + _compare(kconf, e[1], True, sym) + [_CLOSE, op, _OPEN] +
            _compare(kconf, e[2], True, sym) + [_CLOSE])
    return toks if equal else [kconfiglib._T_NOT, _OPEN] + toks + [_CLOSE]


def _conditional_depends(kconf, tokens):
    """tokens of 'depends on X if Y' (None-terminated) as those of
    'depends on (X) || (Y = n)'; other tokens unchanged."""
    if (tokens[0] is not kconfiglib._T_DEPENDS or
            kconfiglib._T_IF not in tokens):
        return tokens
    body = list(tokens[2:-1])
    i = body.index(kconfiglib._T_IF)
    dep, cond = body[:i], body[i + 1:]
    if not dep or not cond:
        kconf._parse_error("malformed expression")
    _parse_tokens(kconf, dep)  # the same errors as kconfiglib's parser
    return ([tokens[0], tokens[1], _OPEN] + dep +
            [_CLOSE, kconfiglib._T_OR, _OPEN] +
            _compare(kconf, _parse_tokens(kconf, cond), True, kconf.n) +
            [_CLOSE, None])


LINE_HANDLERS = {
    "modules": _modules,
    "transitional": _transitional,
}


class CompatKconfig(kconfiglib.Kconfig):
    """kconfiglib.Kconfig that also parses the syntax in LINE_HANDLERS."""

    def __init__(self, *args, **kwargs):
        self._compat_transitional_at = []
        super().__init__(*args, **kwargs)
        self.transitional = self._resolve_transitional()

    def _tokenize(self, s):
        word = s.strip()
        handler = LINE_HANDLERS.get(word)
        if handler is not None:
            self._line = s
            return handler(self, s)
        return _conditional_depends(self, super()._tokenize(s))

    def write_config(self, filename=None, header=None, **kwargs):
        """kconfiglib's write_config(), without the transitional symbols."""
        if header is None:
            ret = super().write_config(filename, **kwargs)
        else:
            ret = super().write_config(filename, header, **kwargs)
        if self.transitional and filename is not None:
            names = {s.name for s in self.transitional}
            with open(filename) as f:
                lines = f.readlines()
            with open(filename, "w") as f:
                f.writelines(line for line in lines
                             if _config_name(line) not in names)
        return ret

    def _resolve_transitional(self):
        """Symbols whose entry carries 'transitional'."""
        marked = set()
        if not self._compat_transitional_at:
            return marked
        entries = {}
        for node in self.node_iter():
            if isinstance(node.item, kconfiglib.Symbol):
                entries.setdefault(node.filename, []).append(
                    (node.linenr, node.item))
        for filename, linenr in self._compat_transitional_at:
            best = None
            for start, sym in entries.get(filename, ()):
                if start <= linenr and (best is None or start > best[0]):
                    best = (start, sym)
            if best is None:
                raise kconfiglib.KconfigError(
                    "{}:{}: 'transitional' outside a config entry".format(
                        filename, linenr))
            marked.add(best[1])
        return marked
