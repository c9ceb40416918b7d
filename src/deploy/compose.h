// Compose files: services with the environment, commands and health checks they run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "deploy/facts.h"

namespace preflight::deploy {

struct EnvFileRef {
  std::string path;  // as written, relative to the compose file
  bool required = true;
  Span span;
};

struct ComposeService {
  std::string name;
  Span span;  // the service's key
  std::vector<EnvVar> environment;
  std::vector<EnvFileRef> env_files;
  std::optional<Command> command;
  std::optional<Command> entrypoint;
  std::optional<Command> healthcheck;  // `test`, a string or a list after CMD/CMD-SHELL
  std::optional<std::string> container_name;
  std::optional<std::string> image;
  bool builds = false;             // has `build:`
  std::vector<std::string> ports;  // `ports:` as written ("8000:8000", "127.0.0.1:80:8000")
};

struct ComposeFile {
  FileId file = 0;
  std::vector<ComposeService> services;
  std::optional<std::string> error;  // the YAML does not parse
  Span error_span;
};

ComposeFile read_compose(const SourceFile& source, FileId id);

}  // namespace preflight::deploy
