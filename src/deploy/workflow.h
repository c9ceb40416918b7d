// GitHub Actions workflows and composite actions: jobs, steps, and the environment at each level.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "deploy/facts.h"

namespace preflight::deploy {

struct WorkflowInput {
  std::string name;
  std::string value;  // as written; may hold `${{ … }}` expressions
  Span span;
};

struct WorkflowStep {
  std::string name;  // `name:`, else `id:`, else empty
  Span span;         // the step's first key
  std::vector<EnvVar> env;
  std::optional<Command> run;
  std::string uses;  // `uses:` as written
  std::vector<WorkflowInput> with;
};

struct WorkflowJob {
  std::string id;
  Span span;  // the job's key
  std::vector<std::string> needs;
  std::string environment;  // `environment:` name (a string or `name:`)
  std::vector<EnvVar> env;
  std::vector<std::string> services;  // service container names
  std::vector<WorkflowStep> steps;
};

struct Workflow {
  FileId file = 0;
  std::vector<EnvVar> env;  // top-level `env:`
  std::vector<WorkflowJob> jobs;
  std::optional<std::string> error;  // the YAML does not parse
  Span error_span;
};

// Reads a workflow (`jobs:`) or a composite action (`runs: steps:`, as one job named after the
// file).
Workflow read_workflow(const SourceFile& source, FileId id);

// The environment a step sees: workflow, then job, then step `env`, later levels winning.
std::vector<EnvVar> step_environment(const Workflow& workflow, const WorkflowJob& job,
                                     const WorkflowStep& step);

}  // namespace preflight::deploy
