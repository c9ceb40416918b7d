#!/usr/bin/python3
"""Structure and position oracle for preflight's Python parser (issue 4).

Dumps every .py file under the given roots with CPython 3.11's ast module and with
`preflight debug ast` (one process for all files), and compares them. With --attributes the
dumps include positions; the children of f-strings are left out on both sides, since 3.11 gives
them the whole f-string's span.

Exit status 1 when fewer than --min-files files were compared or fewer than --min-percent
percent are identical. Every difference is listed with the place where the dumps first differ.
"""
import argparse
import ast
import os
import subprocess
import sys

ROOTS = ["/usr/lib/python3.11", "/usr/lib/python3/dist-packages/django"]
POSITION_ATTRIBUTES = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def collect(roots):
    files = []
    for root in roots:
        for directory, subdirs, names in os.walk(root):
            subdirs.sort()
            for name in sorted(names):
                if name.endswith(".py"):
                    path = os.path.join(directory, name)
                    if os.path.isfile(path):
                        files.append(path)
    return files


def strip_fstring_children(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for child in ast.walk(node):
                if child is node:
                    continue
                for name in POSITION_ATTRIBUTES:
                    if name in child.__dict__:
                        delattr(child, name)
    return tree


def cpython_tree(source):
    return ast.parse(source)


def cpython_dump(path, source, attributes):
    try:
        tree = cpython_tree(source)
        return ast.dump(tree, include_attributes=attributes), tree
    except SyntaxError as error:
        return "SyntaxError: %s (%s, line %s)" % (error.msg, path, error.lineno), None
    except (ValueError, RecursionError, MemoryError) as error:
        return "%s: %s" % (type(error).__name__, error), None


def normalized_from_text(text):
    namespace = dict(vars(ast))
    namespace.update(inf=float("inf"), nan=float("nan"), infj=complex(0, float("inf")),
                     Ellipsis=Ellipsis)
    tree = eval(text, namespace)  # the dump of preflight, built back into ast objects
    return ast.dump(strip_fstring_children(tree), include_attributes=True)


def first_difference(a, b):
    limit = min(len(a), len(b))
    index = next((i for i in range(limit) if a[i] != b[i]), limit)
    start = max(0, index - 100)
    return index, a[start:index + 100], b[start:index + 100]


def run_preflight(command, files, attributes):
    args = command + ["debug", "ast"] + (["--attributes"] if attributes else []) + files
    completed = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output = completed.stdout.decode("utf-8", "surrogateescape")
    results = {}
    current = None
    lines = []
    for line in output.split("\n"):
        if line.startswith("==> ") and line.endswith(" <=="):
            if current is not None:
                results[current] = "\n".join(lines)
            current = line[4:-4]
            lines = []
        elif current is not None:
            lines.append(line)
    if current is not None:
        results[current] = "\n".join(lines).rstrip("\n")
    return results, completed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("preflight", nargs="+", help="the preflight command")
    parser.add_argument("--attributes", action="store_true")
    parser.add_argument("--min-files", type=int, default=1400)
    parser.add_argument("--min-percent", type=float, default=99.5)
    parser.add_argument("--exact-fstrings", action="store_true",
                        help="compare the positions inside f-strings too (not required)")
    parser.add_argument("--root", action="append", help="directories to read (default: stdlib, Django)")
    options = parser.parse_args()

    files = collect(options.root or ROOTS)
    ours, completed = run_preflight(options.preflight, files, options.attributes)
    if completed.returncode != 0:
        print("preflight exited with %d: %s" % (completed.returncode,
                                                completed.stderr.decode(errors="replace")[-2000:]))
    compared = identical = 0
    differences = []
    for path in files:
        with open(path, "rb") as handle:
            source = handle.read()
        expected, tree = cpython_dump(path, source, options.attributes)
        actual = ours.get(path)
        compared += 1
        if actual is None:
            differences.append((path, "missing from preflight's output", "", ""))
            continue
        if actual == expected:
            identical += 1
            continue
        if options.attributes and tree is not None and not options.exact_fstrings and not actual.startswith(("SyntaxError", "ValueError")):
            expected_normal = ast.dump(strip_fstring_children(tree), include_attributes=True)
            try:
                actual_normal = normalized_from_text(actual)
            except Exception as error:  # preflight's dump is not even valid
                actual_normal = "unreadable dump: %s" % error
            if actual_normal == expected_normal:
                identical += 1
                continue
            expected, actual = expected_normal, actual_normal
        index, mine, theirs = first_difference(actual, expected)
        differences.append((path, "at character %d" % index, mine, theirs))

    for path, where, mine, theirs in differences:
        print("DIFFERENT %s (%s)" % (path, where))
        if mine or theirs:
            print("  preflight: %s" % mine)
            print("  cpython:   %s" % theirs)
    percent = 100.0 * identical / compared if compared else 0.0
    kind = "positions" if options.attributes else "structure"
    print("%s oracle: %d files compared, %d identical (%.2f %%)" % (kind, compared, identical, percent))
    if compared < options.min_files or percent < options.min_percent:
        print("FAILED: needs at least %d files and %.2f %% identical" %
              (options.min_files, options.min_percent))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
