#!/usr/bin/env python3
"""List Rust functions longer than a limit (default 150 lines), outside tests.

Usage: python3 bench/long_functions.py [--limit N] [--all] [PATH ...]
(default path: crates). A function's length counts the lines from its `fn` line to its
closing brace. Test code is skipped: files under `tests/`, `benches/` or `examples/`
folders, and items under `#[cfg(test)]` or `#[test]`. Exits with status 1 when a function
is over the limit, so CI or a test can use it.

The scanner is a small lexer (comments, strings, raw strings, char literals versus
lifetimes), not a Rust parser: it finds `fn NAME` followed by a body `{ ... }` and matches
braces. Nested functions and closures count towards their enclosing function as well.
"""
import argparse
import os
import re
import sys

SKIP_DIRS = {"tests", "benches", "examples", "target", "fuzz"}


def blank_code(src):
    """Return src with comments, strings and char literals replaced by spaces (newlines kept),
    so braces and keywords can be found by plain scanning."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif (m := re.compile(r'b?r(#*)"').match(src, i)) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            end = '"' + m.group(1)
            j = src.find(end, m.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == '"' or (c == "b" and src.startswith('b"', i) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_"))):
            j = i + (2 if c == "b" else 1)
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}', '{') versus a lifetime ('a).
            m = re.compile(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'").match(src, i)
            if m:
                out.append(" " * (m.end() - i))
                i = m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def match_brace(code, open_at):
    depth = 0
    for j in range(open_at, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def test_ranges(code):
    """Byte ranges of items marked #[cfg(test)] or #[test] (the item after the attribute)."""
    ranges = []
    for m in re.finditer(r"#\[\s*(cfg\s*\(\s*test\s*\)|test)\s*\]", code):
        brace = code.find("{", m.end())
        semi = code.find(";", m.end())
        if brace < 0 or (0 <= semi < brace):
            continue
        ranges.append((m.start(), match_brace(code, brace)))
    return ranges


FN = re.compile(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)")


def functions(path):
    with open(path, encoding="utf-8") as f:
        code = blank_code(f.read())
    skip = test_ranges(code)
    for m in FN.finditer(code):
        if any(a <= m.start() <= b for a, b in skip):
            continue
        # The body starts at the first `{` after the signature, unless a `;` comes first
        # (a trait method without a body).
        brace, semi = code.find("{", m.end()), code.find(";", m.end())
        if brace < 0 or (0 <= semi < brace):
            continue
        end = match_brace(code, brace)
        first = code.count("\n", 0, m.start()) + 1
        last = code.count("\n", 0, end) + 1
        yield m.group(1), first, last - first + 1


def rust_files(paths):
    for root in paths:
        if os.path.isfile(root):
            yield root
            continue
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                if name.endswith(".rs"):
                    yield os.path.join(dirpath, name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=["crates"])
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--all", action="store_true", help="list every function, not only long ones")
    args = ap.parse_args()
    rows = []
    for path in rust_files(args.paths):
        for name, line, length in functions(path):
            if args.all or length > args.limit:
                rows.append((length, f"{path}:{line}", name))
    rows.sort(key=lambda r: (-r[0], r[1]))
    for length, where, name in rows:
        print(f"{length:5d}  {where}  {name}")
    over = sum(1 for r in rows if r[0] > args.limit)
    print(f"{over} function(s) over {args.limit} lines", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
