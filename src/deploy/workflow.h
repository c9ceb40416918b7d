// GitHub Actions workflows and composite actions: jobs, steps, and the environment at each level.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "deploy/facts.h"

namespace preflight::deploy {

// A `with:` entry of a step or of a job that calls a reusable workflow.
struct WorkflowInput {
  std::string name;
  std::string value;  // as written; may hold `${{ … }}` expressions
  Span span;
  std::vector<std::uint32_t> offsets;  // of each byte of `value` (Command::offsets)

  Command as_command() const { return Command{value, span, offsets}; }
};

// A service container of a job (`services:`): a database the job's steps can reach.
struct WorkflowService {
  std::string name;
  std::string image;
  Span span;  // the service's key
  std::vector<EnvVar> env;
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
  std::vector<WorkflowService> services;
  std::string container_image;  // `container:`: the job runs inside this image
  // A job that calls a reusable workflow: `uses: ./.github/workflows/x.yml` (or `owner/repo/…@ref`)
  // with its inputs; it has no steps of its own.
  std::string uses;
  std::vector<WorkflowInput> with;
  std::vector<WorkflowStep> steps;
};

// What starts a workflow (`on:`).
struct WorkflowTriggers {
  std::vector<std::string> events;           // push, pull_request, workflow_call, workflow_run, …
  std::vector<std::string> after_workflows;  // `workflow_run: workflows:` (workflow names)
  std::vector<std::string> call_inputs;      // `workflow_call: inputs:` names
};

struct Workflow {
  FileId file = 0;
  std::string name;  // `name:`; GitHub shows the file's path when absent
  WorkflowTriggers on;
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
