// The commands a deployment runs, found in its files' shell (issue 8, DESIGN.md "Data flow" step
// 2): where each runs (a CI runner, a server reached by ssh, a container), the Django management
// commands and the HTTP requests among them, each at its place in its file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/source.h"
#include "deploy/facts.h"
#include "deploy/kubernetes.h"
#include "deploy/shell/container_command.h"
#include "deploy/shell/http_request.h"
#include "deploy/shell/manage_command.h"
#include "deploy/workflow.h"

namespace preflight::project {

struct DeploymentFiles;

// Where a command runs.
struct CommandSite {
  enum class Kind {
    Runner,      // a CI runner: a workflow's `run:` step
    Server,      // a server reached over ssh (`ssh host '…'`, an ssh action's `script`)
    Container,   // inside a container: `docker exec`, `compose exec|run`, a HEALTHCHECK
    ImageBuild,  // a Dockerfile `RUN`, while the image is built
  };
  Kind kind = Kind::Runner;
  std::string where;  // "workflow deploy.yml, job `validate-deployment`, step `Apply migrations`"
  // The workflow step the command belongs to, when it comes from a workflow.
  const deploy::Workflow* workflow = nullptr;
  const deploy::WorkflowJob* job = nullptr;
  const deploy::WorkflowStep* step = nullptr;
  // Container: the container, compose service or image named; empty for the image a Dockerfile
  // HEALTHCHECK or compose healthcheck runs in (`dockerfile`/`compose_service` say which).
  std::string container;
  FileId dockerfile = 0;
  bool from_dockerfile = false;
  std::string compose_service;
  // How the command got into the container: `docker exec` (then `container` names a running
  // container), `compose exec|run`, `docker run` (an image), `kubectl exec`; nullopt for a
  // Dockerfile HEALTHCHECK, a compose service's own command and healthcheck, a Kubernetes probe.
  std::optional<deploy::shell::ContainerKind> entered_by;
  // A Kubernetes container: its probes, and the environment its manifest gives.
  const deploy::KubernetesContainer* kubernetes = nullptr;
  // The variables the command itself is given: `docker exec -e`, prefix assignments.
  std::vector<deploy::EnvVar> given;
};

struct ManageRun {
  deploy::shell::ManageCommand command;
  Span span;                          // the command line
  Span subcommand_span;               // the subcommand word (the command line when there is none)
  std::optional<Span> settings_span;  // `--settings` or `DJANGO_SETTINGS_MODULE=` given to it
  CommandSite site;
};

struct HttpCheck {
  deploy::shell::HttpRequest request;
  Span span;                      // the command line
  Span url_span;                  // the URL as written
  std::optional<Span> host_span;  // the `Host` header as written
  CommandSite site;
  // `VAR=$(curl … -w '%{http_code}' … || echo 000)`: the command after `||` inside the same
  // substitution, and its place.
  std::optional<std::string> fallback;
  std::optional<Span> fallback_span;
  std::string assigned_to;  // the variable the substitution is assigned to, when it is
  // A Kubernetes `httpGet` probe ("readinessProbe"): the kubelet sends it to the pod's IP, which
  // is its Host unless `httpHeaders` sets one; `request.host` is empty.
  std::string probe_kind;
};

struct DeploymentCommands {
  std::vector<ManageRun> manage_runs;
  std::vector<HttpCheck> http_checks;
};

DeploymentCommands find_deployment_commands(const DeploymentFiles& deployment,
                                            const SourceMap& files);

}  // namespace preflight::project
