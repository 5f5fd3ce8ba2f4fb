# SPDX-License-Identifier: GPL-2.0-only
"""
A compatibility layer over Debian's unmodified kconfiglib 14.1.0.

kconfiglib 14.1.0 (2020) predates two additions to the Kconfig language:

  modules        (Linux 5.13) the bare attribute that replaced
                 'option modules'; v6.12's kernel/module/Kconfig uses it
  transitional   (Linux 6.18) a symbol read from an old .config, for
                 the defaults of its successors, but never written

'modules' maps to kconfiglib's 'option modules', which means the same.
'transitional' is parsed and its symbols are left out of write_config();
the 6.18 rule that such a symbol, having no prompt, still takes its value
from the .config read is not emulated (v6.12 has no transitional symbol).

CompatKconfig subclasses kconfiglib.Kconfig and hooks _tokenize(), the
one place every Kconfig line goes through: a line whose first word is in
LINE_HANDLERS is handed to its handler, which returns the tokens
kconfiglib should see instead.  Newer syntax is one more entry there.
Nothing of kconfiglib is copied or changed.
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
        return super()._tokenize(s)

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
