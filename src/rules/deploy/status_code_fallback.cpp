// PF503: `STATUS=$(curl -w '%{http_code}' … || echo 000)`: curl has printed a status before it
// fails, and the fallback is appended to it.
#include <fmt/format.h>

#include "project/deployment_commands.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kStatusCodeFallback{
    .code = "PF503",
    .name = "status-code-fallback-appended",
    .family = Family::Deploy,
    .severity = Severity::Warning,
    .summary =
        "`$(curl -w '%{http_code}' … || echo 000)` appends the fallback to the status "
        "curl already printed: `301000`, `000000`",
    .explanation = R"md(
## What it finds

A command substitution that captures the HTTP status with curl's `-w '%{http_code}'` and falls
back with `|| echo …` (or `printf`) inside the same substitution:

```sh
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -L http://localhost:8000/health/ || echo 000)
```

## What fails in production

curl writes the `-w` text when the transfer ends, whether it succeeded or not. Whenever curl
exits non-zero, the status is already on standard output and `echo 000` appends to it:

- the connection is refused or times out: `000` + `000` = `000000`;
- `-L` follows a redirect to a port that does not answer (the HTTPS redirect of a plain-HTTP
  container): `301` + `000` = `301000`;
- `-f`/`--fail` and an HTTP error: `503` + `000` = `503000`.

The check compares the variable with `200` and fails, as it should, but it reports a status no
server ever sent, which hides the real cause (the redirect, the refused connection) and breaks
any comparison such as `[ "$STATUS" -ge 500 ]`. The incident behind preflight saw `301000`.

## Example

```sh
STATUS=$(curl -s -o /dev/null -w "%{http_code}" -L http://localhost:8000/api/v1/ready/ || echo 000)
```

## Fix

Keep curl's exit status apart from the status it printed:

```sh
rc=0
STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 http://localhost:8000/api/v1/ready/) || rc=$?
if [ "$rc" -ne 0 ] || [ "$STATUS" != "200" ]; then
  echo "not ready: HTTP $STATUS, curl exit status $rc"; exit 1
fi
```

Without `-L`, a redirect is reported as what it is (`301`) instead of being followed.
)md"};

bool prints_status(const std::optional<std::string>& write_out) {
  return write_out && (write_out->find("%{http_code}") != std::string::npos ||
                       write_out->find("%{response_code}") != std::string::npos);
}

// `echo 000`, `printf '000'`, `echo "000"`: a fallback that prints something.
bool prints_something(const std::string& fallback) {
  return fallback.starts_with("echo ") || fallback.starts_with("printf ");
}

void check(const project::Project& project, Findings& out) {
  for (const project::HttpCheck& check : project.deployment_commands().http_checks) {
    const auto& request = check.request;
    if (request.tool != deploy::shell::HttpTool::Curl || !prints_status(request.write_out)) {
      continue;
    }
    if (!check.fallback || !prints_something(*check.fallback)) continue;
    std::string printed = check.fallback->substr(check.fallback->find(' ') + 1);
    if (printed.size() >= 2 && (printed.front() == '"' || printed.front() == '\'')) {
      printed = printed.substr(1, printed.size() - 2);
    }
    const std::string variable = check.assigned_to.empty() ? "the output" : check.assigned_to;
    std::string cases = fmt::format("`000{}` when the connection fails", printed);
    if (request.follows_redirects) {
      cases += fmt::format(", `301{}` when -L follows a redirect that cannot be reached", printed);
    }
    if (request.fails_on_http_error) {
      cases += fmt::format(", `503{}` when --fail meets an HTTP error", printed);
    }
    out.add(kStatusCodeFallback, check.span)
        .message(fmt::format(
            "`|| {}` inside the same $(…) appends to the status curl -w has already printed: {} "
            "becomes {}; keep curl's exit status apart: `{}=$(curl …) || rc=$?`",
            *check.fallback, variable, cases,
            check.assigned_to.empty() ? "STATUS" : check.assigned_to))
        .related(*check.fallback_span, "appends to what curl printed")
        .predicts(fmt::format("{} holds a status no server sent ({}), and the check fails "
                              "without saying why",
                              variable, request.follows_redirects ? "301000" : "000000"));
  }
}

}  // namespace

PREFLIGHT_RULE(kStatusCodeFallback, check);

}  // namespace preflight::rules
