#include "deploy/workflow.h"

#include "deploy/yaml.h"
#include "deploy/yaml_facts.h"

namespace preflight::deploy {
namespace {

// `${{ secrets.X }}`, `${{ vars.X }}`, … are decided when the workflow runs.
bool workflow_literal(const std::string& written) {
  return written.find("${{") == std::string::npos;
}

std::vector<EnvVar> read_env(const SourceFile& source, FileId id, const YamlNode& map) {
  const YamlNode* env = map.get("env");
  if (!env) return {};
  return read_env_node(source, id, *env, workflow_literal);
}

std::vector<std::string> scalars(const YamlNode* node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node->is_scalar()) out.push_back(node->scalar);
  for (const YamlNode& item : node->items) {
    if (item.is_scalar()) out.push_back(item.scalar);
  }
  return out;
}

std::vector<WorkflowInput> read_inputs(const SourceFile& source, FileId id, const YamlNode* with) {
  std::vector<WorkflowInput> out;
  if (!with || !with->is_map()) return out;
  for (const YamlEntry& entry : with->entries) {
    if (!entry.key.is_scalar() || !entry.value.is_scalar()) continue;
    out.push_back(WorkflowInput{entry.key.scalar, entry.value.scalar,
                                node_span(source, id, entry.value),
                                scalar_offsets(source.text(), entry.value)});
  }
  return out;
}

WorkflowStep read_step(const SourceFile& source, FileId id, const YamlNode& node) {
  WorkflowStep step;
  step.span = node.entries.empty() ? node_span(source, id, node)
                                   : node_span(source, id, node.entries.front().key);
  if (const YamlNode* name = node.get("name"); name && name->is_scalar()) {
    step.name = name->scalar;
  } else if (const YamlNode* step_id = node.get("id"); step_id && step_id->is_scalar()) {
    step.name = step_id->scalar;
  }
  step.env = read_env(source, id, node);
  if (const YamlNode* run = node.get("run"); run && run->is_scalar()) {
    step.run =
        Command{run->scalar, node_span(source, id, *run), scalar_offsets(source.text(), *run)};
  }
  if (const YamlNode* uses = node.get("uses"); uses && uses->is_scalar()) step.uses = uses->scalar;
  step.with = read_inputs(source, id, node.get("with"));
  return step;
}

std::vector<WorkflowService> read_services(const SourceFile& source, FileId id,
                                           const YamlNode* services) {
  std::vector<WorkflowService> out;
  if (!services || !services->is_map()) return out;
  for (const YamlEntry& entry : services->entries) {
    if (!entry.key.is_scalar()) continue;
    WorkflowService service;
    service.name = entry.key.scalar;
    service.span = node_span(source, id, entry.key);
    if (entry.value.is_scalar()) {
      service.image = entry.value.scalar;  // `name: image` shorthand
    } else if (const YamlNode* image = entry.value.get("image"); image && image->is_scalar()) {
      service.image = image->scalar;
    }
    service.env = read_env(source, id, entry.value);
    out.push_back(std::move(service));
  }
  return out;
}

// Event names of `on:`, written as a string, a list or a map.
WorkflowTriggers read_triggers(const YamlNode* on) {
  WorkflowTriggers out;
  if (!on) return out;
  out.events = scalars(on);
  for (const YamlEntry& entry : on->entries) {
    if (!entry.key.is_scalar()) continue;
    out.events.push_back(entry.key.scalar);
    if (entry.key.scalar == "workflow_run") {
      out.after_workflows = scalars(entry.value.get("workflows"));
    } else if (entry.key.scalar == "workflow_call") {
      if (const YamlNode* inputs = entry.value.get("inputs"); inputs && inputs->is_map()) {
        for (const YamlEntry& input : inputs->entries) {
          if (input.key.is_scalar()) out.call_inputs.push_back(input.key.scalar);
        }
      }
    }
  }
  return out;
}

}  // namespace

Workflow read_workflow(const SourceFile& source, FileId id) {
  Workflow out;
  out.file = id;
  const YamlParse parsed = parse_yaml(source.text());
  if (!parsed.root) {
    out.error = parsed.error;
    out.error_span = source.span(id, parsed.error_offset, parsed.error_offset);
    return out;
  }
  const YamlNode& root = *parsed.root;
  if (const YamlNode* name = root.get("name"); name && name->is_scalar()) out.name = name->scalar;
  // YAML 1.1 reads an unquoted `on` key as the boolean true; yaml-cpp keeps the text "on".
  out.on = read_triggers(root.get("on"));
  out.env = read_env(source, id, root);
  if (const YamlNode* jobs = root.get("jobs"); jobs && jobs->is_map()) {
    for (const YamlEntry& entry : jobs->entries) {
      if (!entry.key.is_scalar() || !entry.value.is_map()) continue;
      const YamlNode& body = entry.value;
      WorkflowJob job;
      job.id = entry.key.scalar;
      job.span = node_span(source, id, entry.key);
      job.needs = scalars(body.get("needs"));
      if (const YamlNode* environment = body.get("environment")) {
        if (environment->is_scalar()) {
          job.environment = environment->scalar;
        } else if (const YamlNode* name = environment->get("name"); name && name->is_scalar()) {
          job.environment = name->scalar;
        }
      }
      job.env = read_env(source, id, body);
      job.services = read_services(source, id, body.get("services"));
      if (const YamlNode* container = body.get("container")) {
        if (container->is_scalar()) {
          job.container_image = container->scalar;
        } else if (const YamlNode* image = container->get("image"); image && image->is_scalar()) {
          job.container_image = image->scalar;
        }
      }
      if (const YamlNode* uses = body.get("uses"); uses && uses->is_scalar())
        job.uses = uses->scalar;
      job.with = read_inputs(source, id, body.get("with"));
      if (const YamlNode* steps = body.get("steps"); steps && steps->is_sequence()) {
        for (const YamlNode& step : steps->items) {
          if (step.is_map()) job.steps.push_back(read_step(source, id, step));
        }
      }
      out.jobs.push_back(std::move(job));
    }
  } else if (const YamlNode* runs = root.get("runs"); runs && runs->is_map()) {
    // A composite action: its steps form one job.
    WorkflowJob job;
    job.id = source.path().parent_path().filename().string();
    job.span = node_span(source, id, *runs);
    if (const YamlNode* steps = runs->get("steps"); steps && steps->is_sequence()) {
      for (const YamlNode& step : steps->items) {
        if (step.is_map()) job.steps.push_back(read_step(source, id, step));
      }
    }
    out.jobs.push_back(std::move(job));
  }
  return out;
}

std::vector<EnvVar> step_environment(const Workflow& workflow, const WorkflowJob& job,
                                     const WorkflowStep& step) {
  std::vector<EnvVar> env = workflow.env;
  env.insert(env.end(), job.env.begin(), job.env.end());
  env.insert(env.end(), step.env.begin(), step.env.end());
  return env;
}

}  // namespace preflight::deploy
