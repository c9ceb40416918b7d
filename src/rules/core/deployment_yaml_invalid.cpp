// PF003: a workflow or compose file that is not valid YAML: nothing in it runs, and preflight
// cannot check it.
#include <fmt/format.h>

#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kDeploymentYamlInvalid{
    .code = "PF003",
    .name = "deployment-yaml-invalid",
    .family = Family::Core,
    .severity = Severity::Error,
    .summary =
        "a GitHub Actions workflow or compose file is not valid YAML: it does not run, and "
        "is not checked",
    .explanation = R"md(
## What it finds

A GitHub Actions workflow (`.github/workflows/*.yml`), composite action (`action.yml`) or compose
file that does not parse as YAML, at the place the parser stops, with its message. The usual
cause is a plain scalar with `: ` inside, such as `run: echo status: ok`, or a tab in the
indentation.

## What fails in production

GitHub rejects the workflow ("Invalid workflow file") and runs none of its jobs: the deploy, the
migrations or the health check it was meant to run silently stop happening on push. `docker
compose` refuses the file (`yaml: mapping values are not allowed in this context`). preflight
cannot check any step, service or health check in the file.

## Example

```yaml
steps:
  - run: echo deploy: done
```

## Fix

Quote the scalar (`run: "echo deploy: done"`) or use a block scalar (`run: |`), and keep
indentation to spaces.
)md"};

void report(const project::Project& project, FileId file, const std::optional<std::string>& error,
            const Span& span, std::string_view what, Findings& out) {
  if (!error) return;
  out.add(kDeploymentYamlInvalid, span)
      .message(fmt::format(
          "{} {} is not valid YAML ({}): {}, and preflight cannot check it", what,
          project.sources().file(file).path().filename().string(), *error,
          what == "compose file" ? "docker compose refuses it" : "GitHub runs none of its jobs"))
      .predicts(fmt::format(
          "{}: {}", what == "compose file" ? "docker compose" : "Invalid workflow file", *error));
}

void check(const project::Project& project, Findings& out) {
  for (const deploy::Workflow& workflow : project.deployment().workflows) {
    report(project, workflow.file, workflow.error, workflow.error_span, "workflow", out);
  }
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    report(project, compose.file, compose.error, compose.error_span, "compose file", out);
  }
}

}  // namespace

PREFLIGHT_RULE(kDeploymentYamlInvalid, check);

}  // namespace preflight::rules
