// PF001: a Python file does not parse for the target Python version.
#include <fmt/format.h>

#include <algorithm>

#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kSyntaxError{
    .code = "PF001",
    .name = "syntax-error",
    .family = Family::Core,
    .severity = Severity::Error,
    .summary = "a Python file does not parse for the target Python version",
    .explanation = R"md(
## What it finds

A Python file that CPython would refuse to compile: a syntax error, an indentation error, an
unterminated string, a literal CPython rejects (a decimal integer over 4,300 digits, a bad escape),
or syntax newer than the project's target Python version (`target-version`, default `py311`; for
example a 3.12 `type` statement, a 3.12 f-string that reuses its quotes, or 3.14's `except A, B:`).
The message is CPython's, at CPython's line. Templated `.py` files (cookiecutter, Jinja) and
Python 2 leftovers are reported here too, and nothing worse: preflight cannot analyse them.

## What fails in production

The module fails to import with `SyntaxError`. If anything imports it — settings, a URL conf, an
app's models or migrations — `manage.py migrate`, `gunicorn` and every management command stop at
start-up, and the deploy fails before it serves a request. On a newer Python than the target the
file may import in CI and fail on the server's older interpreter. Every other preflight check is
blind to what the file holds.

## Example

```python
# settings/production.py, deployed on Python 3.11
type Hosts = list[str]          # 3.12 syntax: SyntaxError on 3.11
ALLOWED_HOSTS: Hosts = ["api.example.com"]
```

## Fix

Correct the syntax at the reported place, or raise `target-version` in `[tool.preflight]` when the
servers run a newer Python. Exclude generated templates with `extend-exclude`.
)md"};

void check(const project::Project& project, Findings& out) {
  for (const project::PythonModule& module : project.modules()) {
    if (!module.parsed || !module.parsed->error) continue;
    const python::SyntaxError& error = *module.parsed->error;
    const SourceFile& file = project.sources().file(module.id);
    const auto line = static_cast<std::uint32_t>(std::max(error.line, 1));
    // CPython's offset is a 1-based column in UTF-8 bytes; spans count code points.
    const std::uint32_t line_start = file.offset_at(Position{line, 1});
    const auto line_bytes = static_cast<std::uint32_t>(file.line_text(line).size());
    const std::uint32_t begin =
        line_start + std::min(static_cast<std::uint32_t>(std::max(error.col, 1) - 1), line_bytes);
    out.add(kSyntaxError, file.span(module.id, begin, begin))
        .message(fmt::format("{}: {}", error.kind, error.message))
        .predicts(fmt::format("{}: {} — importing this module fails", error.kind, error.message));
  }
}

}  // namespace

PREFLIGHT_RULE(kSyntaxError, check);

}  // namespace preflight::rules
