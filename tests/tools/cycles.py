#!/usr/bin/env python3
"""Import cycles between the .rs files of a crate.

Usage: cycles.py [--no-tests] SRC_DIR [SRC_DIR ...]     (e.g. index/src storage/src templates/src src)

--no-tests leaves out `#[cfg(test)]` modules (inline blocks and files), whose imports exist only in
test builds.

A file depends on another when its code names an item that the other file defines: through `use`
(`use super::x::Y`, `use crate::a::{b, c::D}`, `pub use self::m::T`) or through a path in the code
(`crate::a::f()`, `super::m::g`, `child::h`). Paths are resolved through the module tree that the `mod`
declarations build (`x.rs` / `x/mod.rs` beside or below the declaring file) and through imports and
re-exports (`pub use store::SearchIndex` in lib.rs sends `crate::SearchIndex` on to store.rs), so that
a re-export is not counted as a dependency on the re-exporting file; nor is a facade's own `pub use
child::Item` a dependency of the facade on its child. Declaring `mod child;` is not a use:
a parent that only declares a test module does not depend on it. Comments and string literals are
skipped; inline `mod name { … }` blocks belong to their file.

Prints every strongly connected component of more than one file (a cycle) with the edges inside it and
the lines that make them, and exits 1 if there is any.
"""
import os
import re
import sys
from collections import defaultdict

TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?\*/)
      | (?P<string>b?r(?P<h>\#*)".*?"(?P=h)|b?"(?:\\.|[^"\\])*"|b?'(?:\\.|[^'\\])'(?!\w))
      | (?P<path>(?:[A-Za-z_][A-Za-z0-9_]*|\*)(?:\s*::\s*(?:[A-Za-z_][A-Za-z0-9_]*|\*|\{))*)
      | (?P<punct>[{};])
      | (?P<other>\S)""",
    re.S | re.X,
)


class Module:
    def __init__(self, path, file, parent):
        self.path = path  # tuple of names from the crate root
        self.file = file
        self.parent = parent
        self.children = {}  # name -> Module (file modules only)
        self.imports = {}  # name -> (module, [segments]) as written in a `use`
        self.uses = []  # (segments, line, module where written)


def child_file(file, name):
    d = os.path.dirname(file)
    base = os.path.basename(file)
    if base not in ("lib.rs", "main.rs", "mod.rs"):
        d = os.path.join(d, base[:-3])
    for cand in (os.path.join(d, name + ".rs"), os.path.join(d, name, "mod.rs")):
        if os.path.exists(cand):
            return cand
    return None


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def expand_use(text, i):
    """Parses a use tree starting at text[i]; returns (list of (segments, alias), end index)."""
    tree = text[i:text.index(";", i)]
    out = []

    def walk(s, prefix):
        s = s.strip()
        if not s:
            return
        m = re.match(r"^(.*?)\{(.*)\}$", s, re.S)
        if m:
            head = [p.strip() for p in m.group(1).split("::") if p.strip()]
            depth, cur, parts = 0, "", []
            for c in m.group(2):
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                if c == "," and depth == 0:
                    parts.append(cur)
                    cur = ""
                else:
                    cur += c
            parts.append(cur)
            for p in parts:
                walk(p, prefix + head)
            return
        alias = None
        am = re.match(r"^(.*)\s+as\s+(\w+)$", s, re.S)
        if am:
            s, alias = am.group(1), am.group(2)
        segs = prefix + [p.strip() for p in s.split("::") if p.strip()]
        if segs and segs[-1] == "self":
            segs = segs[:-1]
        if segs:
            out.append((segs, alias or segs[-1]))

    walk(tree, [])
    return out


NO_TESTS = False
CFG_TEST = re.compile(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*([;{])")


def strip_tests(text):
    """The text without `#[cfg(test)] mod x;` declarations and `#[cfg(test)] mod x { … }` blocks."""
    out, i = [], 0
    for m in CFG_TEST.finditer(text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        if m.group(1) == ";":
            i = m.end()
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def parse(mod, modules, text):
    """Reads one file: its `mod` declarations (recursing), its imports and the paths it names."""
    if NO_TESTS:
        text = strip_tests(text)
    # Inline `mod x {` blocks: `super` inside them names the file's own module (one level per block).
    stack = []  # brace depth at which each inline module opened
    depth = 0
    pending_inline = False
    toks = list(TOKEN.finditer(text))
    k = 0
    prev = None
    while k < len(toks):
        t = toks[k]
        k += 1
        kind = t.lastgroup
        if kind in ("comment", "string"):
            continue
        s = t.group(kind)
        if kind == "punct":
            if s == "{":
                depth += 1
                if pending_inline:
                    stack.append(depth)
                    pending_inline = False
            elif s == "}":
                if stack and stack[-1] == depth:
                    stack.pop()
                depth -= 1
            prev = s
            continue
        if kind != "path":
            prev = s
            continue
        word = s
        inline = len(stack)
        if word == "mod" and k < len(toks):
            name = toks[k].group(0)
            nxt = toks[k + 1].group(0) if k + 1 < len(toks) else ""
            if nxt == ";" and not inline:
                f = child_file(mod.file, name)
                if f:
                    child = Module(mod.path + (name,), f, mod)
                    mod.children[name] = child
                    modules.append(child)
                    with open(f, encoding="utf-8") as fh:
                        parse(child, modules, fh.read())
                k += 2
            elif nxt == "{":
                pending_inline = True
                k += 1
            continue
        if word == "use":
            for segs, alias in expand_use(text, t.end()):
                segs = [x for x in segs if x]
                if inline and segs[0] == "super":
                    segs = ["self"] + segs[inline:] if segs[: inline] == ["super"] * inline else segs[inline:]
                if alias != "*" and alias != "_":
                    mod.imports.setdefault(alias, segs)
                mod.uses.append((segs, line_of(text, t.start()), prev in ("pub", ")")))
            end = text.index(";", t.end())
            while k < len(toks) and toks[k].start() < end:
                k += 1
            continue
        if "::" in word and prev not in (".",):
            segs = [x.strip() for x in word.split("::")]
            segs = [x for x in segs if x and x != "{"]
            if inline and segs and segs[0] == "super":
                n = 0
                while n < len(segs) and segs[n] == "super" and n < inline:
                    n += 1
                segs = ["self"] + segs[n:]
            mod.uses.append((segs, line_of(text, t.start()), False))
        prev = word


def resolve(mod, segs, root, depth=0):
    """The module (file) that defines what `segs`, written in `mod`, names; None if outside the crate."""
    if depth > 20 or not segs:
        return None
    cur = mod
    first = segs[0]
    rest = segs[1:]
    if first == "crate":
        cur = root
    elif first == "self":
        pass
    elif first == "super":
        cur = mod.parent or mod
        while rest and rest[0] == "super":
            cur = cur.parent or cur
            rest = rest[1:]
    elif first in mod.children:
        cur = mod.children[first]
    elif first in mod.imports and mod.imports[first] != segs:
        target = resolve(mod, mod.imports[first], root, depth + 1)
        if target is None:
            return None
        return walk(target, rest, root, depth)
    else:
        return None  # an extern crate, std, a local name
    return walk(cur, rest, root, depth)


def walk(cur, rest, root, depth):
    for i, s in enumerate(rest):
        if s == "*":
            return cur
        if s in cur.children:
            cur = cur.children[s]
            continue
        if s in cur.imports:
            target = resolve(cur, cur.imports[s], root, depth + 1)
            if target is not None:
                return walk(target, rest[i + 1:], root, depth + 1)
        return cur
    return cur


def sccs(nodes, edges):
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            strong(v)
    return out


def below(t, m):
    """Whether module `t` is `m` or sits under it."""
    while t is not None:
        if t is m:
            return True
        t = t.parent
    return False


def check(src):
    rootfile = next((os.path.join(src, f) for f in ("lib.rs", "main.rs") if os.path.exists(os.path.join(src, f))), None)
    if rootfile is None:
        print(f"{src}: no lib.rs or main.rs")
        return 0
    root = Module((), rootfile, None)
    modules = [root]
    with open(rootfile, encoding="utf-8") as fh:
        parse(root, modules, fh.read())
    edges = defaultdict(dict)  # file -> {file: first line}
    for m in modules:
        for segs, line, reexport in m.uses:
            t = resolve(m, segs, root)
            # A facade's `pub use child::Item` only forwards the name (its users are sent on to the
            # child): the facade does not depend on its own descendant for that.
            if reexport and t is not None and below(t, m):
                continue
            if t is not None and t.file != m.file:
                edges[m.file].setdefault(t.file, line)
    files = [m.file for m in modules]
    cycles = [sorted(c) for c in sccs(files, {f: list(e) for f, e in edges.items()}) if len(c) > 1]
    rel = lambda f: os.path.relpath(f, src)
    print(f"{src}: {len(files)} files, {sum(len(e) for e in edges.values())} file-level dependencies, "
          f"{len(cycles)} cycle(s)")
    for c in cycles:
        print(f"  cycle of {len(c)} files: {', '.join(rel(f) for f in c)}")
        members = set(c)
        for f in c:
            for t, line in sorted(edges[f].items()):
                if t in members:
                    print(f"    {rel(f)}:{line} -> {rel(t)}")
    return len(cycles)


def main():
    global NO_TESTS
    args = sys.argv[1:]
    if args and args[0] == "--no-tests":
        NO_TESTS = True
        args = args[1:]
    if not args:
        print(__doc__)
        return 2
    found = sum(check(d) for d in args)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
