#!/usr/bin/env python3
"""The code's shape, checked: no import cycle between modules of src/, no
file in src/ over 400 lines, no function over 80 lines but the tables of data
listed below. Run by ./scripts/test; prints what breaks a rule and exits 1.

Modules are files (a `mod.rs` is its folder). A module uses another when a
`use` line, or a `crate::`/`super::`/`self::` path in code (comments and
strings left out), names it or something inside it. A child reaching its
parent's items does not count, nor a parent naming its own child.
"""

import os
import re
import sys

MAX_FILE_LINES = 400
MAX_FN_LINES = 80
# Functions that are tables of data: one row a case, nothing to split.
TABLES = {
    ("src/sim/loss.rs", "fmt"),  # one sentence per cause of a lost session
}

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def rust_files():
    for root, _, files in os.walk(os.path.join(ROOT, "src")):
        for f in sorted(files):
            if f.endswith(".rs"):
                path = os.path.join(root, f)
                yield os.path.relpath(path, ROOT), open(path, encoding="utf-8").read()


def strip_comments_and_strings(src):
    """The code with comments and string contents blanked, lines kept."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * src.count("\n", i, j))
            i = j
        elif src[i] == '"' and not src[max(0, i - 1)] == "'":
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append('""' + "\n" * src.count("\n", i, j))
            i = j + 1
        else:
            out.append(src[i])
            i += 1
    return "".join(out)


def module_name(path):
    name = path[len("src/"):-len(".rs")]
    if name.endswith("/mod"):
        name = name[: -len("/mod")]
    return name.replace("/", "::")


def expand_use(tree):
    """`a::{b, c::{d}}` -> [`a::b`, `a::c::d`]."""
    m = re.match(r"(.*?)\{(.*)\}$", tree)
    if not m:
        return [tree]
    prefix, inner, parts, depth, cur = m.group(1), m.group(2), [], 0, ""
    for ch in inner:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [e for p in parts if p for e in expand_use(prefix + p)]


def resolve(current, path, modules):
    """The module `path` (seen from module `current`) lands in, if any."""
    parts = [p for p in path.split("::") if p]
    here = current.split("::") if current not in ("lib", "main") else []
    if not parts:
        return None
    if parts[0] == "crate":
        base, parts = [], parts[1:]
    elif parts[0] in ("super", "self"):
        base = here
        while parts and parts[0] in ("super", "self"):
            if parts[0] == "super":
                base = base[:-1]
            parts = parts[1:]
    elif "::".join(here + parts[:1]) in modules:
        base = here
    else:
        return None
    for k in range(len(parts), 0, -1):
        name = "::".join(base + parts[:k])
        if name in modules:
            return name
    return None


def import_cycles(sources):
    modules = {module_name(p): strip_comments_and_strings(s) for p, s in sources}
    edges = {m: set() for m in modules}
    for m, code in modules.items():
        paths = []
        for tree in re.findall(r"\buse\s+([^;]+);", code):
            paths += expand_use(re.sub(r"\s+", "", tree))
        paths += re.findall(r"\b(?:crate|super|self)(?:::\w+)+", code)
        for p in paths:
            p = re.sub(r"\bas\b.*$", "", p)
            target = resolve(m, p, modules)
            if target and target != m and not m.startswith(target + "::") and not target.startswith(m + "::"):
                edges[m].add(target)
    return strongly_connected(edges)


def strongly_connected(edges):
    index, low, stack, on, groups, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


def long_functions(path, src):
    lines = strip_comments_and_strings(src).split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)", line)
        if not m:
            continue
        depth, started, j = 0, False, i
        while j < len(lines):
            depth += lines[j].count("{") - lines[j].count("}")
            started = started or "{" in lines[j]
            if (started and depth <= 0) or (not started and lines[j].rstrip().endswith(";")):
                break
            j += 1
        length = j - i + 1
        if length > MAX_FN_LINES and (path, m.group(1)) not in TABLES:
            yield m.group(1), i + 1, length


def main():
    sources = list(rust_files())
    problems = []
    for group in import_cycles(sources):
        problems.append("import cycle: " + " -> ".join(group))
    for path, src in sources:
        n = src.count("\n")
        if n > MAX_FILE_LINES:
            problems.append(f"{path}: {n} lines (at most {MAX_FILE_LINES})")
        for name, line, length in long_functions(path, src):
            problems.append(f"{path}:{line}: fn {name} is {length} lines (at most {MAX_FN_LINES})")
    for p in problems:
        print(p)
    print(f"shape: {len(sources)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
