#!/usr/bin/python3
"""Error-line oracle on realistic mistakes: 400 files of the standard library each get one
random edit (a deleted or duplicated character, an inserted bracket, colon, comma, quote or
indentation), with a fixed seed. For every mutant, preflight and CPython 3.11 must agree: the
same dump when it still parses, an error on the same line when it does not. Messages are not
compared (CPython's wording depends on its second, error-hunting parser pass).
Fails below --min-percent agreement."""
import argparse
import ast
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = "/usr/lib/python3.11"


def mutants(directory, count, seed):
    files = []
    for base, subdirs, names in os.walk(ROOT):
        subdirs.sort()
        for name in sorted(names):
            path = os.path.join(base, name)
            if name.endswith(".py") and os.path.isfile(path) and os.path.getsize(path) < 20000:
                files.append(path)
    rng = random.Random(seed)
    rng.shuffle(files)
    paths = []
    for source_path in files:
        if len(paths) >= count:
            break
        try:
            text = open(source_path, "rb").read().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(text) < 10:
            continue
        i = rng.randrange(len(text))
        kind = rng.choice(["delete", "duplicate", "bracket", "punctuation", "quote", "indent"])
        insert = {"delete": None, "duplicate": text[i], "bracket": rng.choice("()[]{}"),
                  "punctuation": rng.choice(":,=."), "quote": rng.choice("'\""),
                  "indent": rng.choice([" ", "\t", "\n "])}[kind]
        mutated = text[:i] + text[i + 1:] if insert is None else text[:i] + insert + text[i:]
        path = os.path.join(directory, "mutant%03d.py" % len(paths))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(mutated)
        paths.append(path)
    return paths


def cpython_outcome(path):
    try:
        return ast.dump(ast.parse(open(path, "rb").read()))
    except SyntaxError as error:
        return "error line %s" % error.lineno
    except (ValueError, RecursionError, MemoryError) as error:
        return type(error).__name__


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("preflight", nargs="+")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--min-percent", type=float, default=97.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        paths = mutants(directory, options.count, options.seed)
        output = subprocess.run(options.preflight + ["debug", "ast"] + paths,
                                stdout=subprocess.PIPE).stdout.decode("utf-8", "replace")
        ours, current = {}, None
        for line in output.split("\n"):
            if line.startswith("==> ") and line.endswith(" <=="):
                current = line[4:-4]
            elif current is not None and line:
                match = re.match(r"SyntaxError: .* \(.*, line (\d+)\)$", line)
                ours[current] = "error line %s" % match.group(1) if match else line
        agree = 0
        for path in paths:
            expected, actual = cpython_outcome(path), ours.get(path, "missing")
            if expected == actual:
                agree += 1
            else:
                print("DIFFERENT %s: cpython %s, preflight %s" % (
                    os.path.basename(path), expected[:80], actual[:80]))
        percent = 100.0 * agree / len(paths)
        print("mutation oracle: %d mutants, %d agree (%.2f %%)" % (len(paths), agree, percent))
        return 0 if percent >= options.min_percent else 1


if __name__ == "__main__":
    sys.exit(main())
