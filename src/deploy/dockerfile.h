// Dockerfiles: instructions with their arguments and the environment `ENV` gives the image.
#pragma once

#include <string>
#include <vector>

#include "deploy/facts.h"

namespace preflight::deploy {

struct DockerInstruction {
  std::string keyword;    // upper case: FROM, ENV, RUN, CMD, HEALTHCHECK, …
  std::string arguments;  // after the keyword, continuation lines joined with a space
  Span span;              // the whole instruction, continuation lines included
};

struct Dockerfile {
  FileId file = 0;
  std::vector<DockerInstruction> instructions;
  // ENV of the final stage: what the container's processes see.
  std::vector<EnvVar> env;
  std::vector<Command> run;          // RUN, every stage
  std::vector<Command> start;        // CMD and ENTRYPOINT of the final stage
  std::vector<Command> healthcheck;  // HEALTHCHECK CMD of the final stage
};

Dockerfile read_dockerfile(const SourceFile& source, FileId id);

}  // namespace preflight::deploy
