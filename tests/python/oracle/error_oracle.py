#!/usr/bin/python3
"""Syntax error oracle: curated invalid programs, each must fail in preflight on the line where
CPython 3.11 (compile through ast.parse) reports its SyntaxError, all checked in one batch.
Messages are compared too and every difference is printed, but only the lines are required:
CPython's wording of some errors depends on its PEG parser's second pass."""
import ast
import os
import subprocess
import sys
import tempfile

PROGRAMS = [
    "x = (1,\n",
    "x = [1, 2\ny = 3\n",
    "foo(1, 2\n\n",
    "x = 1)\n",
    "x = ]\n",
    "a = (1, 2]\n",
    "a = (1,\n 2]\n",
    "if x\n    pass\n",
    "while True\n    pass\n",
    "def f()\n    pass\n",
    "class C\n    pass\n",
    "for x in y\n    pass\n",
    "if x:\npass\n",
    "def f():\nreturn 1\n",
    "for x in y:\n\nz = 1\n",
    "while x:\n# comment\nx\n",
    "class C:\n\n\n\nx = 1\n",
    "try:\n    pass\nx = 1\n",
    "try:\nx = 1\n",
    "with x:\npass\n",
    "if x:\n    pass\nelse:\npass\n",
    "if x:\n    pass\nelif y:\npass\n",
    "  x = 1\n",
    "x = 1\n    y = 2\n",
    "if x:\n        a\n    b\n",
    "def f():\n  x\n y\n",
    "x = 'abc\n",
    "x = 1\ny = \"abc\n",
    "x = '''abc\n\ndef\n",
    'x = 1\ny = """\n',
    "f(**x, *y)\n" if False else "f(a=1, b)\n",
    "f(**k, a)\n",
    "print 'hello'\n" if False else "x = 1 +\n",
    "x = 0777\n",
    "x = 1__0\n",
    "x = 0x\n",
    "x = 1e\n",
    "x = 0b12\n",
    "x = 1abc\n",
    "1 = x\n",
    "f() = 1\n",
    "x + 1 = 2\n",
    "del f()\n",
    "(a, b) += 1\n",
    "for f() in x: pass\n",
    "x = yield = 1\n" if False else "None = 1\n",
    "def f(a=1, b): pass\n",
    "def f(*, **k): pass\n",
    "lambda x=1, y: x\n",
    "import\n",
    "from x import\n",
    "from x import a,\n",
    "a b\n",
    "a = 1 2\n",
    "x = (1 2)\n",
    "[1 2]\n",
    "if x = 1: pass\n",
    "x = $\n",
    "a ! b\n",
    "def f(:\n    pass\n",
    "class\n",
    "x = 1 if y\n",
    "try:\n    pass\nexcept A, B:\n    pass\n",
    "try:\n    pass\n",
    "x = f'{'\n",
    "x = f'}'\n",
    "x = f'{}'\n",
    "x = f'{a!x}'\n",
    "b'abc' 'def'\n",
    "x = b'\\xff\\u1234' 'a'\n",
    "\tif x:\n    pass\n",
    "if x:\n\tpass\n        pass\n",
    "x = " + "(" * 201 + ")" * 201 + "\n",
    "x = " + "(" * 199 + ")" * 199 + "\n" if False else "x = " + "[" * 250 + "\n",
    "def f():\n    x = 1\n   y = 2\n",
    "x = [\n  1,\n  2,\n",
    "d = {\n  'a': 1,\n  'b': 2\n",
    "f(\n  a,\n  b\nx = 1\n",
    "match x:\ncase 1: pass\n",
    "x = 1\nif y:\n",
    "async x\n",
    "continue\n" if False else "x = not\n",
    "@\ndef f(): pass\n",
    "with (a as b\n",
    "x = {1: 2, 3}\n",
    "x = [i for i in]\n",
    "x = a if b else\n",
    "global\n",
    "assert\n",
    "x: int, y: int = 1, 2\n",
    # Python 2 leftovers and templated files: one error, on CPython's line.
    "import os\nprint 'hello'\n",
    "exec 'code'\n",
    "x = 10L\n",
    "try:\n    pass\nexcept Exception, e:\n    pass\n",
    "def f():\n    return `x`\n",
    "x = ur'abc'\n",
    "{% if x %}\nimport os\n{% endif %}\n",
    "{{ cookiecutter.project_slug }} = 1\n",
    "x = 1\ny = 'a\\N{NO SUCH NAME}'\n",
    "def f(**k, a): pass\n",
    "class C(x for x in y): pass\n",
    "f(x for x in y, 1)\n",
    "def f():\n    yield from\n",
    "if True:\n    x = (\n        1\n    y = 2\n",
    's = """\nabc\n' + "\n" * 5,
    "def f():\n    return\n  x = 1\n",
    "x = [1, 2, 3\nfor y in x:\n    pass\n",
    "print(f'{x!}')\n",
    "x = {'a': 1 'b': 2}\n",
    "class A:\n    def f(self):\n        pass\n    def g(self)\n        pass\n",
    "import a.b as\n",
    "from . import (a, b\n",
    "if x:\n    pass\n  else:\n    pass\n",
    "for x in range(10):\n    pass\nelse\n    pass\n",
    "x = lambda: yield\n",
    "a, b += 1\n",
    "x = 1 +* 2\n",
    "def f(a, a): pass\n" if False else "def f(a,, b): pass\n",
    "f(a b)\n",
    "f(a, b c)\n",
    "x = (yield) = 1\n",
    "with open(x) as f, :\n    pass\n",
    "try:\n    x\nfinally:\n    y\nexcept:\n    z\n",
    "while x:\n    break\nelse:\n    continue\n    foo(\n",
    "async def f():\n    await\n",
    "x = 'a' 'b\n",
    "x = \"\"\"a\nb\nc\n",
    "d = {**a, b}\n",
    "x = [*a for a in b]\n",
    "def f(*a, *b): pass\n",
    "def f(**a, **b): pass\n",
    "def f(a=1, /, b): pass\n",
    "x = 1\n\tif y:\n",
    "def f():\n\tx = 1\n        y = 2\n",
    "del 1\n",
    "del (a, 1)\n",
    "(a, b): int\n",
    "[a, b]: int = 1\n",
    "a.b: int = 1\nf(): int\n",
    "x = 3 if 4\n",
    "@decorator\nx = 1\n",
    "class C(metaclass=M, x): pass\n",
    "x = not\n",
    "match x:\n    case 1 + 1:\n        pass\n",
    "match x:\n    case Point(x=1, 2):\n        pass\n",
    "import *\n",
    "from x import *, y\n",
    "global x, \n",
    "nonlocal\n",
    "x = 1 if 2 else\n",
    "return from\n",
    "assert x,\n",
    "raise from x\n",
    "lambda *: 1\n",
    "lambda **: 1\n",
    "x = {**a for a in b}\n",
    "match x:\n    case 1j + 1j:\n        pass\n",
]


def cpython_error(source):
    try:
        ast.parse(source)
    except SyntaxError as error:
        return error.msg, error.lineno
    return None, None


def main():
    command = sys.argv[1:]
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for index, program in enumerate(PROGRAMS):
            path = os.path.join(directory, "case%03d.py" % index)
            with open(path, "w") as handle:
                handle.write(program)
            paths.append(path)
        completed = subprocess.run(command + ["debug", "ast"] + paths, stdout=subprocess.PIPE)
        output = completed.stdout.decode("utf-8", "replace").split("\n")
        ours = {}
        current = None
        for line in output:
            if line.startswith("==> ") and line.endswith(" <=="):
                current = line[4:-4]
            elif current is not None and line:
                ours[current] = line
        failures = 0
        same_message = 0
        checked = 0
        for path, program in zip(paths, PROGRAMS):
            message, lineno = cpython_error(program)
            if message is None:
                print("NOT AN ERROR IN CPYTHON: %r" % program)
                failures += 1
                continue
            checked += 1
            line = ours.get(path, "")
            prefix = "SyntaxError: "
            suffix = " (%s, line " % path
            if not line.startswith(prefix) or suffix not in line:
                print("NO ERROR: %r\n  cpython: line %d: %s\n  preflight: %s" %
                      (program[:80], lineno, message, line[:200]))
                failures += 1
                continue
            our_message = line[len(prefix):line.index(suffix)]
            our_line = int(line[line.index(suffix) + len(suffix):].rstrip(")"))
            if our_message == message:
                same_message += 1
            if our_line != lineno:
                print("WRONG LINE: %r\n  cpython: line %d: %s\n  preflight: line %d: %s" %
                      (program[:80], lineno, message, our_line, our_message))
                failures += 1
            elif our_message != message:
                print("message differs (line ok): %r\n  cpython: %s\n  preflight: %s" %
                      (program[:80], message, our_message))
        print("syntax error oracle: %d programs, %d with CPython's line, %d with CPython's message"
              % (checked, checked - failures, same_message))
        return 1 if failures or checked < 50 else 0


if __name__ == "__main__":
    sys.exit(main())
