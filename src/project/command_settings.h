// Which settings module a deployment command runs with, in which environment, and which server
// an HTTP check reaches (issue 8): the joins between deployment_commands.h and the settings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "deploy/facts.h"
#include "django/settings/environment.h"
#include "project/deployment_commands.h"
#include "project/project.h"

namespace preflight::project {

struct ModuleChoice {
  std::string name;                        // dotted; empty when nothing names one
  const SettingsModule* module = nullptr;  // null when the project has no such module
  std::string why;                         // "--settings", "job env DJANGO_SETTINGS_MODULE", …
  std::optional<Span> span;                // where it is named, when in a deployment file
};

// The environment a command's process sees, as the deployment files give it: a workflow step's
// `env` levels, a container's Dockerfile ENV and compose `environment`, and what the command is
// given itself (later wins). Values from secrets or interpolation are present without a value.
std::vector<deploy::EnvVar> site_environment(const Project& project, const CommandSite& site);

// A CI runner's environment is what the workflow gives it: nothing else of the application's is
// set there. On a server or in a container, more may come from files not in the repository.
bool site_environment_complete(const CommandSite& site);

// Evaluation options for a process that sees exactly `env` (a CI runner's job): the literal values
// as given, the others (secrets, interpolation) as set to a value not known here, and every other
// variable unset.
django::settings::EvaluationOptions exact_environment_options(
    const Project& project, const std::vector<deploy::EnvVar>& env);

// The settings module a management command runs with: `--settings`, else DJANGO_SETTINGS_MODULE
// in its environment, else manage.py's default.
ModuleChoice settings_for(const Project& project, const ManageRun& run);

// The compose service whose container `docker exec NAME` reaches: NAME is its `container_name`, or
// the name compose gives it without one (`PROJECT-SERVICE-N`, `PROJECT_SERVICE_N`); null when
// none. A service's own name is not a container's name.
const deploy::ComposeService* compose_service_of_container(const Project& project,
                                                           const std::string& name);

// The compose service `docker compose exec NAME` enters; null when none.
const deploy::ComposeService* compose_service_named(const Project& project,
                                                    const std::string& name);

// Whether an HTTP check reaches a Django server of the project, not another service on the same
// host: the image's own HEALTHCHECK, a compose service (by name, container or published port) that
// runs the project, or a public host.
bool reaches_project_django(const Project& project, const HttpCheck& check);

// The settings module of the Django server an HTTP check reaches: a loopback URL on a server or
// in a container reaches the container that publishes (or, inside it, serves) the port; other
// hosts reach the deployment's production module. Empty when it cannot be told.
ModuleChoice server_settings(const Project& project, const HttpCheck& check);

// The module named `name`, null when the project has none.
const SettingsModule* find_module(const Project& project, const std::string& name);

// localhost, 127.0.0.1, ::1, 0.0.0.0 and the like.
bool is_loopback_host(const std::string& host);

}  // namespace preflight::project

namespace preflight::project {

// The compose service that publishes host port `port` (`ports: ["8000:8000"]`); nullptr when none
// does.
const deploy::ComposeService* service_publishing(const Project& project, int port);

// A compose service that runs the project's Django: it builds an image, or names a settings
// module, and is not a proxy in front of it (nginx, traefik, caddy, …).
bool runs_project_django(const deploy::ComposeService& service);

}  // namespace preflight::project
