// PF507: a health check requests a path the server's URL conf does not route (404), or leaves out
// the trailing slash CommonMiddleware redirects to (301); or it runs in a container no compose
// file defines.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>

#include "django/middleware.h"
#include "django/urls/path_match.h"
#include "project/command_settings.h"
#include "project/setting_values.h"
#include "project/ssl_redirect.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mw = django::middleware;
using django::urls::Route;
using django::urls::UrlConf;

constexpr RuleInfo kHealthCheckPathUnrouted{
    .code = "PF507",
    .name = "health-check-path-unrouted",
    .family = Family::Deploy,
    .severity = Severity::Error,
    .summary =
        "a health check requests a path the URL conf does not route (404) or without the "
        "trailing slash Django redirects to (301), or runs in a container nothing creates",
    .explanation = R"md(
## What it finds

A health check (curl, wget or httpie in a workflow step, an ssh script, a Dockerfile or compose
`healthcheck`; a Kubernetes `httpGet` probe of a container whose `env` sets
`DJANGO_SETTINGS_MODULE`) whose URL path is written literally, sent to a Django server whose settings module
preflight knows, checked against that module's URL conf the way Django's resolver matches it
(each route's regex, in order, against the path without its leading `/`):

- no route matches the path, and none matches it with a `/` appended: Django answers
  **404 Not Found** (a typo, `/health` for `health/`, a route under a prefix the check forgot, a
  route only added in development settings);
- no route matches the path, one matches it with a `/` appended, `APPEND_SLASH` is on and
  `CommonMiddleware` is in `MIDDLEWARE`: Django answers **301** to the slashed path before any
  view runs.

A route that cannot be matched statically (a regex RE2 cannot express, a converter that is not
known, an `include()` that is not followed, a route under a condition) makes the rule say
nothing. Checks that reach Django directly (loopback, inside the container) are errors; checks
of a public host are warnings, since a proxy in front may answer the path itself.

It also finds a health check that runs inside a container (`docker exec NAME curl …`) whose
`NAME` is neither a service nor a `container_name` of any compose file of the project: the deploy
does not create that container.

## What fails in production

A 404 fails every check: `curl -f` exits 22, a `-w '%{http_code}'` comparison with 200 fails, and
the deploy is rolled back or marked failed although the application is healthy. The 301 of a
missing slash is worse in one way: `curl -f` without `-L` accepts it as success, so the check
passes without running the view (a broken database connection is never noticed), while a
`-w '%{http_code}'` check for 200 fails on `301`. With `-L` (or wget, which follows redirects, or
the kubelet, which follows redirects on the same host) the check works but costs a redirect on
every probe. A check in a container that does not exist
fails with `Error: No such container: NAME` (exit status 1) before any request is sent.

## Example

```python
# mysite/urls.py
urlpatterns = [path("healthz/", healthz)]
```

```yaml
- run: curl -fsS http://localhost:8000/health/     # 404: the route is healthz/
- run: curl -fsS http://localhost:8000/healthz     # 301 to /healthz/; -f takes it as success
```

## Fix

Request exactly the path a route matches, with its trailing slash (`/healthz/`), or add a route
for the path the checks use. Name the container as the compose file does (`container_name`, or
`docker compose exec SERVICE`).
)md"};

enum class Resolution { Routed, NotRouted, Unknown };

// Routed: some route certainly takes the path (an undecided route before it would take it too);
// NotRouted: Django answers 404.
Resolution resolve(const django::urls::PathMatcher& matcher, const std::string& path) {
  const django::urls::PathMatch match = matcher.match(path);
  if (match.certainly_unrouted()) return Resolution::NotRouted;
  if (match.route && !match.route->conditional) return Resolution::Routed;
  return Resolution::Unknown;
}

// Middleware that may answer a request before the URL conf: anything not Django's own or known to
// pass health paths through.
bool only_known_middleware(const std::vector<std::string>& stack) {
  return std::all_of(stack.begin(), stack.end(), [](const std::string& name) {
    if (name == "django.middleware.locale.LocaleMiddleware") return false;  // language prefixes
    return name.starts_with("django.") || name.starts_with("corsheaders.") ||
           name.starts_with("whitenoise.");
  });
}

std::vector<std::string> health_paths(const UrlConf& conf) {
  std::vector<std::string> paths;
  for (const Route& route : conf.routes) {
    if (route.is_health && !route.example_path.empty()) paths.push_back(route.example_path);
  }
  return paths;
}

bool direct(const project::HttpCheck& check) {
  return check.site.kind == project::CommandSite::Kind::Container ||
         project::is_loopback_host(check.request.host);
}

// One HTTP health check as the rule judges it, from a shell command or a Kubernetes probe.
struct Probe {
  std::string where;
  std::string path;
  std::string scheme;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string method = "GET";
  std::string client = "the check";  // "the probe" for the kubelet
  bool follows = false;              // follows redirects
  bool checks_code = false;          // compares the status it reads with 200
  bool redirect_fails = false;       // a 3xx makes it fail (httpie --check-status)
  bool direct = true;                // reaches Django with no proxy between
  Span span;
};

void judge(const project::Project& project, const project::SettingsModule& module,
           const std::optional<Span>& chosen_at, const Probe& probe, Findings& out) {
  if (probe.path.find('%') != std::string::npos || !probe.path.starts_with('/')) return;
  const UrlConf* conf = project.url_conf(module);
  if (!conf || !conf->found || !conf->complete || conf->routes.empty()) return;
  const auto stack = project::string_list(project, module, "MIDDLEWARE");
  if (!stack || !only_known_middleware(*stack)) return;
  if (const auto* script = module.settings.find("FORCE_SCRIPT_NAME");
      script && script->value.kind != django::settings::Value::Kind::None) {
    return;  // the paths Django sees are not the paths requested
  }
  // Files under STATIC_URL and MEDIA_URL are served by whitenoise or a web server, not routes.
  for (const char* prefix_setting : {"STATIC_URL", "MEDIA_URL"}) {
    const auto prefix = project::effective(project, module, prefix_setting);
    if (!prefix || prefix->kind != django::settings::Value::Kind::Str) {
      if (probe.path.starts_with("/static/") || probe.path.starts_with("/media/")) return;
      continue;
    }
    std::string text = prefix->text;
    if (!text.starts_with('/')) text.insert(0, "/");
    if (text.size() > 1 && probe.path.starts_with(text)) return;
  }

  const django::urls::PathMatcher matcher(*conf);
  if (resolve(matcher, probe.path) != Resolution::NotRouted) return;
  const bool slashless = !probe.path.ends_with('/');
  const Resolution slashed = slashless ? resolve(matcher, probe.path + "/") : Resolution::NotRouted;
  if (slashed == Resolution::Unknown) return;
  const std::vector<std::string> health = health_paths(*conf);
  const std::string hint =
      health.empty() ? "" : fmt::format(" (its health endpoints: {})", fmt::join(health, ", "));
  const project::HttpRequestFacts facts{probe.scheme, probe.path, probe.headers};
  const std::optional<bool> to_https = project::redirects_to_https(project, module, facts);

  if (slashed == Resolution::Routed && mw::position(*stack, mw::kCommon)) {
    const std::optional<bool> append = project::truth(project, module, "APPEND_SLASH");
    if (!append) return;  // not known whether CommonMiddleware redirects
    if (*append) {
      if (to_https != false) return;  // the HTTPS redirect comes first (PF304, PF502)
      if (probe.method != "GET" && probe.method != "HEAD") return;
      const bool fails = !probe.follows && (probe.checks_code || probe.redirect_fails);
      std::string outcome;
      if (probe.follows) {
        outcome =
            fmt::format("{} follows it and works, but every probe costs a redirect", probe.client);
      } else if (fails) {
        outcome = probe.checks_code
                      ? fmt::format("{} reads `301` where it expects 200, and fails", probe.client)
                      : "httpie's --check-status exits 3 on it, and the check fails";
      } else {
        outcome = fmt::format(
            "{} does not follow it and takes the 301 as success, so it passes without ever "
            "running the view",
            probe.client);
      }
      auto finding = out.add(kHealthCheckPathUnrouted, probe.span);
      finding.severity(fails ? Severity::Error : Severity::Warning);
      finding.message(fmt::format(
          "{} requests `{}`, which the URL conf of {} routes only as `{}/`: with APPEND_SLASH on "
          "and CommonMiddleware in MIDDLEWARE, Django answers 301 to the slashed path before any "
          "view runs; {}; request `{}/`",
          probe.where, probe.path, module.name, probe.path, outcome, probe.path));
      finding.predicts(fmt::format("HTTP 301 Moved Permanently, Location: {}/", probe.path));
      if (chosen_at) finding.related(*chosen_at, fmt::format("the server runs {}", module.name));
      return;
    }
  }
  auto finding = out.add(kHealthCheckPathUnrouted, probe.span);
  if (!probe.direct) finding.severity(Severity::Warning);
  finding.message(fmt::format(
      "{} requests `{}`, which no route of the URL conf of {} (ROOT_URLCONF `{}`) matches{}: "
      "Django answers 404{}{}; request a path a route matches{}",
      probe.where, probe.path, module.name, conf->root,
      slashless ? ", with or without a trailing slash" : "",
      to_https == true ? " (after the HTTPS redirect, when the check follows it)" : "",
      probe.direct ? "" : ", unless a proxy in front of Django answers the path itself", hint));
  finding.predicts(fmt::format("HTTP 404 Not Found for {}", probe.path));
  if (chosen_at) finding.related(*chosen_at, fmt::format("the server runs {}", module.name));
}

void check_path(const project::Project& project, const project::HttpCheck& check, Findings& out) {
  const auto& request = check.request;
  if (check.site.kind == project::CommandSite::Kind::ImageBuild || !request.url_literal) return;
  const project::ModuleChoice server = project::server_settings(project, check);
  if (!server.module || !server.module->file || !project::reaches_project_django(project, check))
    return;
  Probe probe;
  probe.where = check.site.where;
  probe.path = request.path;
  probe.scheme = request.scheme;
  for (const auto& header : request.headers) probe.headers.emplace_back(header.name, header.value);
  probe.method = request.method;
  probe.follows = request.follows_redirects;
  probe.checks_code =
      request.write_out && request.write_out->find("http_code") != std::string::npos;
  probe.redirect_fails =
      request.tool == deploy::shell::HttpTool::Httpie && request.fails_on_http_error;
  probe.direct = direct(check);
  probe.span = check.url_span;
  judge(project, *server.module, server.span, probe, out);
}

// Kubernetes httpGet probes of a container that names its settings module: the kubelet follows
// redirects on the same host and takes 200-399 as success.
void check_probes(const project::Project& project, Findings& out) {
  for (const deploy::KubernetesManifest& manifest : project.deployment().kubernetes) {
    const std::string file = project.sources().file(manifest.file).path().filename().string();
    for (const deploy::KubernetesContainer& container : manifest.containers) {
      const deploy::EnvVar* named = deploy::find_env(container.env, "DJANGO_SETTINGS_MODULE");
      if (!named || !named->value) continue;
      const project::SettingsModule* module = project::find_module(project, *named->value);
      if (!module || !module->file) continue;
      for (const deploy::HttpProbe& http : container.probes) {
        if (http.path.find_first_of("${}") != std::string::npos) continue;
        Probe probe;
        probe.where = fmt::format("{} {} container `{}` {}", file, container.workload,
                                  container.name, http.kind);
        probe.path = http.path.substr(0, http.path.find('?'));
        if (probe.path.empty()) probe.path = "/";
        probe.scheme = http.scheme == "HTTPS" || http.scheme == "https" ? "https" : "http";
        probe.headers = http.headers;
        probe.client = "the kubelet";
        probe.follows = true;
        probe.span = http.span;
        judge(project, *module, named->span, probe, out);
      }
    }
  }
}

// A workflow step that may start the container itself (`docker run --name NAME`).
bool started_elsewhere(const project::Project& project, const std::string& name) {
  for (const deploy::Workflow& workflow : project.deployment().workflows) {
    for (const deploy::WorkflowJob& job : workflow.jobs) {
      for (const deploy::WorkflowStep& step : job.steps) {
        std::vector<std::string_view> texts;
        if (step.run) texts.push_back(step.run->text);
        for (const deploy::WorkflowInput& input : step.with) {
          if (input.name == "script") texts.push_back(input.value);
        }
        for (const std::string_view text : texts) {
          if (text.find("--name " + name) != std::string_view::npos ||
              text.find("--name=" + name) != std::string_view::npos) {
            return true;
          }
        }
      }
    }
  }
  return false;
}

std::vector<std::string> compose_names(const project::Project& project) {
  std::vector<std::string> names;
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      names.push_back(service.container_name
                          ? fmt::format("{} (service {})", *service.container_name, service.name)
                          : service.name);
    }
  }
  return names;
}

void check_containers(const project::Project& project, Findings& out) {
  if (project.deployment().compose_files.empty()) return;
  std::set<std::string> reported;
  const auto& commands = project.deployment_commands();
  for (const project::HttpCheck& check : commands.http_checks) {
    const project::CommandSite& site = check.site;
    if (site.kind != project::CommandSite::Kind::Container ||
        site.entered_by != deploy::shell::ContainerKind::DockerExec) {
      continue;
    }
    const std::string& name = site.container;
    if (name.empty() || name.find_first_of("${}") != std::string::npos) continue;
    if (project::compose_service_of_container(project, name) || started_elsewhere(project, name))
      continue;
    if (!reported.insert(name).second) continue;
    auto finding = out.add(kHealthCheckPathUnrouted, check.span);
    if (const deploy::ComposeService* service = project::compose_service_named(project, name)) {
      finding.message(fmt::format(
          "{} runs `docker exec {} curl {}`, but `{}` is a compose service, not a container: "
          "compose names its container `{}`, and `docker exec` takes container names only, so "
          "the check fails before any request is sent; use `docker exec {}` or `docker compose "
          "exec {} …`",
          site.where, name, check.request.url, name,
          service->container_name ? *service->container_name
                                  : fmt::format("PROJECT-{}-1", service->name),
          service->container_name ? *service->container_name
                                  : fmt::format("PROJECT-{}-1", service->name),
          name));
    } else {
      finding.message(fmt::format(
          "{} requests `{}` inside container `{}`, which no compose file of the project defines "
          "(its services and containers: {}): the deploy does not create it, so the check fails "
          "before any request is sent; name the container the compose file starts, or use "
          "`docker compose exec SERVICE`",
          site.where, check.request.url, name, fmt::join(compose_names(project), ", ")));
    }
    finding.predicts(fmt::format("Error: No such container: {}", name));
    for (const project::HttpCheck& other : commands.http_checks) {
      if (&other != &check && other.site.entered_by == site.entered_by &&
          other.site.container == name) {
        finding.related(other.span, "this check runs in the same container");
      }
    }
    for (const project::ManageRun& run : commands.manage_runs) {
      if (run.site.entered_by == site.entered_by && run.site.container == name) {
        finding.related(run.span, fmt::format("`manage.py {}` runs in the same container",
                                              run.command.subcommand));
      }
    }
  }
}

void check(const project::Project& project, Findings& out) {
  for (const project::HttpCheck& check : project.deployment_commands().http_checks) {
    check_path(project, check, out);
  }
  check_probes(project, out);
  check_containers(project, out);
}

}  // namespace

PREFLIGHT_RULE(kHealthCheckPathUnrouted, check);

}  // namespace preflight::rules
