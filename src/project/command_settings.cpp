#include "project/command_settings.h"

#include <fmt/format.h>

#include <filesystem>

namespace preflight::project {
namespace {

constexpr std::string_view kVariable = "DJANGO_SETTINGS_MODULE";

struct ComposeMatch {
  const deploy::ComposeFile* file = nullptr;
  const deploy::ComposeService* service = nullptr;
};

// The compose service a container name or service name refers to, with the file that defines it.
ComposeMatch find_service(const Project& project, const std::string& name) {
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      if (service.name == name || service.container_name == name) return {&compose, &service};
    }
  }
  // A name compose generates for a container (`shop-web-1`).
  if (const deploy::ComposeService* generated = compose_service_of_container(project, name)) {
    for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
      for (const deploy::ComposeService& service : compose.services) {
        if (&service == generated) return {&compose, &service};
      }
    }
  }
  return {};
}

// The Dockerfile a compose service builds: the one beside the compose file, else the only one.
const deploy::Dockerfile* built_image(const Project& project, const ComposeMatch& match) {
  const auto& dockerfiles = project.deployment().dockerfiles;
  if (!match.service || !match.service->builds) return nullptr;
  const std::filesystem::path folder =
      project.sources().file(match.file->file).path().parent_path();
  for (const deploy::Dockerfile& dockerfile : dockerfiles) {
    if (project.sources().file(dockerfile.file).path().parent_path() == folder) return &dockerfile;
  }
  return dockerfiles.size() == 1 ? &dockerfiles.front() : nullptr;
}

const deploy::Dockerfile* dockerfile_of(const Project& project, FileId id) {
  for (const deploy::Dockerfile& dockerfile : project.deployment().dockerfiles) {
    if (dockerfile.file == id) return &dockerfile;
  }
  return nullptr;
}

void append(std::vector<deploy::EnvVar>& into, const std::vector<deploy::EnvVar>& vars) {
  into.insert(into.end(), vars.begin(), vars.end());
}

// The environment of a container: its image's ENV, then the compose service's `environment`.
std::vector<deploy::EnvVar> container_environment(const Project& project, const CommandSite& site) {
  std::vector<deploy::EnvVar> env;
  if (site.kubernetes) return site.kubernetes->env;
  if (site.from_dockerfile) {
    if (const deploy::Dockerfile* dockerfile = dockerfile_of(project, site.dockerfile)) {
      append(env, dockerfile->env);
    }
    return env;
  }
  const ComposeMatch match =
      find_service(project, site.compose_service.empty() ? site.container : site.compose_service);
  if (!match.service) return env;
  if (const deploy::Dockerfile* dockerfile = built_image(project, match)) {
    append(env, dockerfile->env);
  }
  append(env, match.service->environment);
  return env;
}

// The module an entry point (`manage.py`, `wsgi.py`) defaults to.
ModuleChoice entry_point_default(const Project& project, std::string_view file) {
  const std::string suffix = fmt::format("{} default", file);
  for (const SettingsModule& module : project.settings_modules()) {
    for (const SettingsUse& use : module.uses) {
      if (use.kind == SettingsUse::Kind::EntryPoint && use.where.ends_with(suffix)) {
        return ModuleChoice{module.name, &module, use.where, use.span};
      }
    }
  }
  return {};
}

ModuleChoice named_in(const Project& project, const std::vector<deploy::EnvVar>& env,
                      const std::string& where) {
  const deploy::EnvVar* var = deploy::find_env(env, std::string(kVariable));
  if (!var || !var->value || var->value->empty()) return {};
  return ModuleChoice{*var->value, find_module(project, *var->value),
                      fmt::format("{} {}", where, kVariable), var->span};
}

std::string describe_site_environment(const CommandSite& site) {
  switch (site.kind) {
    case CommandSite::Kind::Runner:
      return "the job's env";
    case CommandSite::Kind::Server:
      return "the command's environment";
    case CommandSite::Kind::Container:
      return site.from_dockerfile ? "the image's ENV" : "the container's environment";
    case CommandSite::Kind::ImageBuild:
      return "the image's ENV";
  }
  return "the environment";
}

// The host port a compose `ports:` entry publishes: "8000:8000", "127.0.0.1:80:8000/tcp".
std::optional<int> published_port(const std::string& entry) {
  std::string_view text = entry;
  if (const std::size_t slash = text.find('/'); slash != std::string_view::npos) {
    text = text.substr(0, slash);
  }
  const std::size_t last = text.rfind(':');
  if (last == std::string_view::npos) return std::nullopt;  // a container port only
  std::string_view host = text.substr(0, last);
  if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(colon + 1);
  }
  int port = 0;
  for (const char c : host) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + (c - '0');
    if (port > 65535) return std::nullopt;
  }
  return host.empty() ? std::nullopt : std::optional<int>(port);
}

}  // namespace

const SettingsModule* find_module(const Project& project, const std::string& name) {
  for (const SettingsModule& module : project.settings_modules()) {
    if (module.name == name) return &module;
  }
  return nullptr;
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host.starts_with("127.") || host == "::1" || host == "[::1]" ||
         host == "0.0.0.0" || host.ends_with(".localhost");
}

std::vector<deploy::EnvVar> site_environment(const Project& project, const CommandSite& site) {
  std::vector<deploy::EnvVar> env;
  switch (site.kind) {
    case CommandSite::Kind::Runner:
      if (site.workflow && site.job && site.step) {
        env = deploy::step_environment(*site.workflow, *site.job, *site.step);
      }
      break;
    case CommandSite::Kind::Server:
      break;
    case CommandSite::Kind::Container:
    case CommandSite::Kind::ImageBuild:
      env = container_environment(project, site);
      break;
  }
  append(env, site.given);
  return env;
}

bool site_environment_complete(const CommandSite& site) {
  return site.kind == CommandSite::Kind::Runner;
}

django::settings::EvaluationOptions exact_environment_options(
    const Project& project, const std::vector<deploy::EnvVar>& env) {
  django::settings::EvaluationOptions options = project.evaluation_options();
  options.environment.complete = true;
  options.environment.variables.clear();
  options.environment.unknown_values.clear();
  for (const deploy::EnvVar& var : env) {
    if (var.value) {
      options.environment.variables[var.name] = *var.value;
    } else {
      options.environment.unknown_values[var.name] = var.written;
    }
  }
  return options;
}

ModuleChoice settings_for(const Project& project, const ManageRun& run) {
  if (run.command.settings && run.command.settings->literal) {
    const std::string& name = run.command.settings->text;
    return ModuleChoice{name, find_module(project, name),
                        run.command.settings_source == deploy::shell::SettingsSource::Option
                            ? "--settings"
                            : "DJANGO_SETTINGS_MODULE given to the command",
                        run.settings_span};
  }
  ModuleChoice named =
      named_in(project, site_environment(project, run.site), describe_site_environment(run.site));
  if (!named.name.empty()) return named;
  return entry_point_default(project, "manage.py");
}

ModuleChoice server_settings(const Project& project, const HttpCheck& check) {
  const deploy::shell::HttpRequest& request = check.request;
  if (!request.url_literal) return {};
  const bool in_container = check.site.kind == CommandSite::Kind::Container &&
                            (is_loopback_host(request.host) || !check.probe_kind.empty());
  if (!in_container && !is_loopback_host(request.host)) {
    // A public host: the deployment's production module, when exactly one is named.
    const SettingsModule* named = nullptr;
    for (const SettingsModule& module : project.settings_modules()) {
      if (!module.named_by_deployment()) continue;
      if (named) return {};
      named = &module;
    }
    if (!named) return {};
    return ModuleChoice{named->name, named, "the module the deployment runs", std::nullopt};
  }
  if (in_container) {
    if (!check.site.from_dockerfile && !check.site.kubernetes) {
      const ComposeMatch match =
          find_service(project, check.site.compose_service.empty() ? check.site.container
                                                                   : check.site.compose_service);
      if (match.service && !runs_project_django(*match.service)) return {};
    }
    ModuleChoice named = named_in(project, site_environment(project, check.site),
                                  describe_site_environment(check.site));
    if (!named.name.empty()) return named;
    return entry_point_default(project, "wsgi.py");
  }
  if (check.site.kind == CommandSite::Kind::ImageBuild) return {};
  // On a server or a runner: the compose service that publishes the port.
  const int port = request.port.value_or(request.scheme == "https" ? 443 : 80);
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      for (const std::string& entry : service.ports) {
        if (published_port(entry) != port) continue;
        if (!runs_project_django(service)) return {};  // a proxy or another service
        CommandSite inside;
        inside.kind = CommandSite::Kind::Container;
        inside.compose_service = service.name;
        ModuleChoice named = named_in(project, site_environment(project, inside),
                                      fmt::format("compose service `{}`", service.name));
        if (!named.name.empty()) return named;
        return entry_point_default(project, "wsgi.py");
      }
    }
  }
  return {};
}

}  // namespace preflight::project

namespace preflight::project {

const deploy::ComposeService* service_publishing(const Project& project, int port) {
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      for (const std::string& entry : service.ports) {
        if (published_port(entry) == port) return &service;
      }
    }
  }
  return nullptr;
}

bool runs_project_django(const deploy::ComposeService& service) {
  for (const std::string_view proxy : {"nginx", "traefik", "caddy", "haproxy", "envoy", "proxy"}) {
    if (service.name.find(proxy) != std::string::npos ||
        (service.image && service.image->find(proxy) != std::string::npos)) {
      return false;
    }
  }
  return service.builds || deploy::find_env(service.environment, "DJANGO_SETTINGS_MODULE");
}

// The compose service whose container `docker exec NAME` reaches: NAME is its `container_name`,
// or the name compose gives it without one (`PROJECT-SERVICE-N`, `PROJECT_SERVICE_N`).
const deploy::ComposeService* compose_service_of_container(const Project& project,
                                                           const std::string& name) {
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      if (service.container_name) {
        if (*service.container_name == name) return &service;
        continue;
      }
      for (const char separator : {'-', '_'}) {
        const std::string middle = fmt::format("{}{}{}", separator, service.name, separator);
        const std::size_t at = name.rfind(middle);
        if (at == std::string::npos || at == 0) continue;
        const std::string_view number = std::string_view(name).substr(at + middle.size());
        if (!number.empty() && number.find_first_not_of("0123456789") == std::string_view::npos) {
          return &service;
        }
      }
    }
  }
  return nullptr;
}

// The compose service named `name`, which `docker exec` does not take as a container's name.
const deploy::ComposeService* compose_service_named(const Project& project,
                                                    const std::string& name) {
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      if (service.name == name) return &service;
    }
  }
  return nullptr;
}

// The check reaches a Django server of the project, not another service on the same host: the
// image's own HEALTHCHECK, a compose service (by name, container or published port) that runs the
// project, or a public host (a warning then).
bool reaches_project_django(const Project& project, const HttpCheck& check) {
  const CommandSite& site = check.site;
  if (site.kind == CommandSite::Kind::Container) {
    if (site.from_dockerfile) return true;
    if (!site.compose_service.empty()) {
      const deploy::ComposeService* service = compose_service_named(project, site.compose_service);
      return service && runs_project_django(*service);
    }
    if (site.entered_by != deploy::shell::ContainerKind::DockerExec) return false;
    const deploy::ComposeService* service = compose_service_of_container(project, site.container);
    return service && runs_project_django(*service);
  }
  if (!is_loopback_host(check.request.host)) return true;
  const int port = check.request.port.value_or(check.request.scheme == "https" ? 443 : 80);
  const deploy::ComposeService* service = service_publishing(project, port);
  return service && runs_project_django(*service);
}

}  // namespace preflight::project
