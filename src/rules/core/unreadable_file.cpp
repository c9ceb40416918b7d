// PF002: a file preflight must read is binary, too large, unreadable or undecodable.
#include <fmt/format.h>

#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kUnreadableFile{
    .code = "PF002",
    .name = "unreadable-file",
    .family = Family::Core,
    .severity = Severity::Warning,
    .summary = "a file that matters to the deployment was skipped: binary, too large or unreadable",
    .explanation = R"md(
## What it finds

A file of a kind preflight reads (Python source, a GitHub Actions workflow, a Dockerfile, a compose
file, a TOML or SQL file) that it could not read as text: it contains a NUL byte, it is larger than
`max-file-size` (1 MiB unless configured), it cannot be opened, or its PEP 263 `coding:` cookie names
an encoding the bytes do not decode from. preflight skips it and reports it once.

## What fails in production

Nothing fails because of the file itself, but every check that needed it is blind to it: a model,
migration, setting or workflow step in a skipped file is never analysed, so a problem in it reaches
production unseen. A Python file with a NUL byte or an undecodable encoding also fails to import,
which breaks `manage.py` with a `SyntaxError` or `ValueError: source code string cannot contain
null bytes`.

## Example

A generated `schema.py` of 3 MiB, or a settings file saved as UTF-16 by an editor.

## Fix

Save the file as UTF-8 text; raise `max-file-size` in `[tool.preflight]` if a large file really is
source; or exclude it with `extend-exclude` when it is not part of the deployment.
)md"};

std::string describe(const SkippedFile& skipped, std::uint64_t limit) {
  switch (skipped.reason) {
    case SkipReason::Binary:
      return fmt::format("is binary ({})", skipped.detail);
    case SkipReason::TooLarge:
      return fmt::format("has {} bytes, over max-file-size ({} bytes)", skipped.size, limit);
    case SkipReason::Unreadable:
      return fmt::format("cannot be read ({})", skipped.detail);
    case SkipReason::Undecodable:
      return fmt::format("does not decode ({})", skipped.detail);
  }
  return "was skipped";
}

void check(const project::Project& project, Findings& out) {
  for (const project::SkippedProjectFile& file : project.skipped()) {
    out.add(kUnreadableFile, project.sources().file_span(file.id))
        .message(fmt::format("{} file {}: skipped, nothing in it is analysed",
                             to_string(file.skipped.kind),
                             describe(file.skipped, project.config().max_file_size)));
  }
}

}  // namespace

PREFLIGHT_RULE(kUnreadableFile, check);

}  // namespace preflight::rules
