// Kubernetes manifests: the containers of workloads, with their environment and HTTP probes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "deploy/facts.h"

namespace preflight::deploy {

struct HttpProbe {
  std::string kind;  // "livenessProbe", "readinessProbe", "startupProbe"
  std::string path;
  std::string port;                                          // a number or a named port, as written
  std::string scheme;                                        // "HTTP" unless given
  std::vector<std::pair<std::string, std::string>> headers;  // httpHeaders
  Span span;                                                 // the httpGet key's value
};

struct KubernetesContainer {
  std::string workload;  // "Deployment/web"
  std::string name;
  Span span;                       // the container's first key
  std::vector<EnvVar> env;         // `value:` literal; `valueFrom:` and `envFrom:` are not known
  bool env_from = false;           // has envFrom (a ConfigMap or Secret supplies more)
  std::optional<Command> command;  // command + args joined
  std::vector<HttpProbe> probes;
};

struct KubernetesManifest {
  FileId file = 0;
  std::vector<KubernetesContainer> containers;
  std::optional<std::string> error;
  Span error_span;
};

// Reads every workload document (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
// Pod); other documents and YAML files that are no manifests give no containers.
KubernetesManifest read_kubernetes(const SourceFile& source, FileId id);

}  // namespace preflight::deploy
