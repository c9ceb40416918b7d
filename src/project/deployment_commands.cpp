#include "project/deployment_commands.h"

#include <fmt/format.h>

#include <cctype>

#include "deploy/shell/container_command.h"
#include "deploy/shell/remote_command.h"
#include "deploy/shell/script.h"
#include "project/settings_modules.h"

namespace preflight::project {
namespace {

namespace shell = deploy::shell;

// Nested scripts (ssh inside `sh -c` inside ssh …) stop here; real ones nest two or three deep.
constexpr int kMaxDepth = 6;

class CommandScanner {
 public:
  CommandScanner(const SourceFile& file, const deploy::Command& command, DeploymentCommands& out)
      : file_(file), command_(command), out_(out) {}

  void scan(const shell::Script& script, const CommandSite& site, int depth) {
    if (depth > kMaxDepth) return;
    for (std::size_t i = 0; i < script.commands.size(); ++i) {
      scan_command(script, i, script.commands[i], site, depth);
    }
  }

 private:
  Span span(std::size_t begin, std::size_t end) const {
    return command_.span_of(file_, begin, end);
  }

  void scan_command(const shell::Script& script, std::size_t index,
                    const shell::SimpleCommand& command, const CommandSite& site, int depth) {
    if (auto remote = shell::remote_command(command, command_.text)) {
      CommandSite on_server = site;
      on_server.kind = CommandSite::Kind::Server;
      on_server.where = fmt::format("{}, on {} over ssh", site.where, remote->host);
      scan(remote->script, on_server, depth + 1);
      return;
    }
    if (auto inner = shell::shell_c_script(command, command_.text)) {
      scan(*inner, site, depth + 1);
      return;
    }
    if (auto container = shell::container_command(command)) {
      CommandSite inside = site;
      inside.kind = CommandSite::Kind::Container;
      inside.container = container->target.text;
      inside.entered_by = container->kind;
      inside.from_dockerfile = false;
      inside.compose_service.clear();
      if (container->kind == shell::ContainerKind::ComposeExec ||
          container->kind == shell::ContainerKind::ComposeRun) {
        inside.compose_service = container->target.text;
      }
      inside.where = fmt::format("{}, in container `{}`", site.where, container->target.text);
      for (const shell::Assignment& assignment : container->env) {
        inside.given.push_back(variable(assignment));
      }
      if (auto nested = shell::shell_c_script(container->inner, command_.text)) {
        scan(*nested, inside, depth + 1);
      } else {
        recognise(script, index, container->inner, inside);
      }
      return;
    }
    recognise(script, index, command, site);
  }

  deploy::EnvVar variable(const shell::Assignment& assignment) const {
    deploy::EnvVar var;
    var.name = assignment.name;
    var.written = assignment.value.text;
    if (assignment.value.literal) var.value = assignment.value.text;
    var.span = span(assignment.value.begin, assignment.value.end);
    return var;
  }

  void recognise(const shell::Script& script, std::size_t index,
                 const shell::SimpleCommand& command, CommandSite site) {
    for (const shell::Assignment& assignment : command.assignments) {
      site.given.push_back(variable(assignment));
    }
    if (auto manage = shell::manage_command(command)) {
      ManageRun run;
      run.span = span(manage->begin, manage->end);
      run.subcommand_span = manage->subcommand_word
                                ? span(manage->subcommand_word->begin, manage->subcommand_word->end)
                                : run.span;
      if (manage->settings)
        run.settings_span = span(manage->settings->begin, manage->settings->end);
      run.command = std::move(*manage);
      run.site = std::move(site);
      out_.manage_runs.push_back(std::move(run));
      return;
    }
    auto request = shell::http_request(command);
    if (!request) return;
    HttpCheck check;
    check.span = span(request->begin, request->end);
    check.url_span = span(request->url_begin, request->url_end);
    if (const shell::HttpHeader* host = request->header("Host")) {
      check.host_span = span(host->begin, host->end);
    }
    if (command.group > 0) {
      if (const auto next = shell::next_joined(script, index, shell::Joiner::Or)) {
        const shell::SimpleCommand& fallback = script.commands[*next];
        std::string text;
        for (const shell::Word& word : fallback.words) {
          text += (text.empty() ? "" : " ") + word.text;
        }
        check.fallback = std::move(text);
        check.fallback_span = span(fallback.begin, fallback.end);
      }
      if (const shell::Assignment* holder = shell::assignment_holding(script, index)) {
        check.assigned_to = holder->name;
      }
    }
    check.request = std::move(*request);
    check.site = std::move(site);
    out_.http_checks.push_back(std::move(check));
  }

  const SourceFile& file_;
  const deploy::Command& command_;
  DeploymentCommands& out_;
};

shell::Variables known_variables(const std::vector<deploy::EnvVar>& env) {
  shell::Variables known;
  for (const deploy::EnvVar& var : env) {
    if (var.value) {
      known[var.name] = *var.value;
    } else {
      known.erase(var.name);
    }
  }
  return known;
}

void scan_command(const SourceFile& file, const deploy::Command& command, const CommandSite& site,
                  const shell::Variables& known, DeploymentCommands& out) {
  CommandScanner(file, command, out).scan(shell::split_script(command.text, known), site, 0);
}

// An action that runs its `script` input on a server over ssh (appleboy/ssh-action and the like).
bool runs_script_over_ssh(const deploy::WorkflowStep& step) {
  return step.uses.find("ssh") != std::string::npos;
}

HttpCheck probe_check(const std::string& file, const deploy::KubernetesContainer& container,
                      const deploy::HttpProbe& probe) {
  HttpCheck check;
  check.probe_kind = probe.kind;
  check.span = probe.span;
  check.url_span = probe.span;
  check.site.kind = CommandSite::Kind::Container;
  check.site.kubernetes = &container;
  check.site.container = container.name;
  check.site.where =
      fmt::format("{} {} container `{}` {}", file, container.workload, container.name, probe.kind);
  shell::HttpRequest& request = check.request;
  for (const char c : probe.scheme) {
    request.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (!probe.port.empty() && probe.port.find_first_not_of("0123456789") == std::string::npos &&
      probe.port.size() < 6) {
    request.port = std::stoi(probe.port);
  }
  request.path = probe.path.empty() ? "/" : probe.path;
  for (const auto& [name, value] : probe.headers) {
    request.headers.push_back(shell::HttpHeader{name, value, 0, 0, true});
  }
  return check;
}

using Inputs = std::vector<std::pair<std::string, std::string>>;

Inputs inputs_of(const std::vector<deploy::WorkflowInput>& with) {
  Inputs out;
  for (const deploy::WorkflowInput& input : with) out.emplace_back(input.name, input.value);
  return out;
}

// The steps of workflows, with the reusable workflows (`jobs.<id>.uses: ./…`) and composite
// actions (`steps[*].uses: ./…`) they call scanned in their caller's place, their
// `${{ inputs.X }}` replaced by what the caller's `with:` gives.
class WorkflowScanner {
 public:
  WorkflowScanner(const DeploymentFiles& deployment, const SourceMap& files,
                  DeploymentCommands& out)
      : deployment_(deployment), files_(files), out_(out) {}

  // A workflow that only `workflow_call` starts, and that a local job calls: it runs only as
  // part of its callers, and is scanned there.
  // So is a composite action that a local step uses.
  bool only_called(const deploy::Workflow& workflow) const {
    const bool reusable = workflow.on.events == std::vector<std::string>{"workflow_call"};
    for (const deploy::Workflow& caller : deployment_.workflows) {
      for (const deploy::WorkflowJob& job : caller.jobs) {
        if (reusable && local_file(job.uses, "") == &workflow) return true;
        for (const deploy::WorkflowStep& step : job.steps) {
          if (local_file(step.uses, "action") == &workflow) return true;
        }
      }
    }
    return false;
  }

  // `caller` names the calling job ("workflow deploy.yml, job `release` → "), empty at the top.
  void scan(const deploy::Workflow& workflow, const Inputs& inputs, const std::string& caller,
            int depth) {
    if (depth > kMaxDepth) return;
    const SourceFile& file = files_.file(workflow.file);
    const std::string name = file.path().filename().string();
    for (const deploy::WorkflowJob& job : workflow.jobs) {
      if (const deploy::Workflow* called = local_file(job.uses, ""); called && !job.uses.empty()) {
        scan(*called, inputs_of(job.with),
             fmt::format("{}workflow {}, job `{}` → ", caller, name, job.id), depth + 1);
        continue;
      }
      for (const deploy::WorkflowStep& step : job.steps) {
        CommandSite site;
        site.workflow = &workflow;
        site.job = &job;
        site.step = &step;
        site.where = fmt::format("{}workflow {}, job `{}`{}", caller, name, job.id,
                                 step.name.empty() ? "" : fmt::format(", step `{}`", step.name));
        scan_step(file, workflow, job, step, inputs, site, depth);
      }
    }
  }

 private:
  void scan_step(const SourceFile& file, const deploy::Workflow& workflow,
                 const deploy::WorkflowJob& job, const deploy::WorkflowStep& step,
                 const Inputs& inputs, const CommandSite& site, int depth) {
    const shell::Variables known = known_variables(deploy::step_environment(workflow, job, step));
    if (step.run)
      scan_command(file, deploy::substitute_inputs(*step.run, inputs), site, known, out_);
    for (const deploy::WorkflowInput& input : step.with) {
      if (input.name != "script" || !runs_script_over_ssh(step)) continue;
      CommandSite on_server = site;
      on_server.kind = CommandSite::Kind::Server;
      on_server.where += ", on the server over ssh";
      // The runner's environment does not travel over ssh.
      scan_command(file, deploy::substitute_inputs(input.as_command(), inputs), on_server, {},
                   out_);
    }
    // A composite action of the repository: its steps run here, in this job.
    const deploy::Workflow* action = local_file(step.uses, "action");
    if (!action || depth > kMaxDepth) return;
    const SourceFile& action_file = files_.file(action->file);
    Inputs given = inputs_of(step.with);
    for (auto& [key, value] : given) {
      value = deploy::substitute_inputs(deploy::Command{value, {}, {}}, inputs).text;
    }
    for (const deploy::WorkflowJob& action_job : action->jobs) {
      for (const deploy::WorkflowStep& action_step : action_job.steps) {
        CommandSite inside = site;
        inside.where = fmt::format(
            "{} → action {}{}", site.where, step.uses,
            action_step.name.empty() ? "" : fmt::format(", step `{}`", action_step.name));
        scan_step(action_file, workflow, job, action_step, given, inside, depth + 1);
      }
    }
  }

  // The repository's workflow (`./.github/workflows/x.yml`) or composite action
  // (`./.github/actions/x`, whose action.yml is read) that `uses` names; null otherwise.
  const deploy::Workflow* local_file(const std::string& uses, std::string_view kind) const {
    if (!uses.starts_with("./")) return nullptr;
    std::string path = uses.substr(2);
    while (path.ends_with('/')) path.pop_back();
    for (const deploy::Workflow& workflow : deployment_.workflows) {
      const std::string file = files_.file(workflow.file).path().generic_string();
      if (kind == "action") {
        if (file.ends_with("/" + path + "/action.yml") ||
            file.ends_with("/" + path + "/action.yaml") || file == path + "/action.yml" ||
            file == path + "/action.yaml") {
          return &workflow;
        }
      } else if (file.ends_with("/" + path) || file == path) {
        return &workflow;
      }
    }
    return nullptr;
  }

  const DeploymentFiles& deployment_;
  const SourceMap& files_;
  DeploymentCommands& out_;
};

}  // namespace

DeploymentCommands find_deployment_commands(const DeploymentFiles& deployment,
                                            const SourceMap& files) {
  DeploymentCommands out;
  WorkflowScanner workflows(deployment, files, out);
  for (const deploy::Workflow& workflow : deployment.workflows) {
    if (!workflows.only_called(workflow)) workflows.scan(workflow, {}, {}, 0);
  }
  for (const deploy::Dockerfile& dockerfile : deployment.dockerfiles) {
    const SourceFile& file = files.file(dockerfile.file);
    const std::string name = file.path().filename().string();
    const shell::Variables known = known_variables(dockerfile.env);
    CommandSite build;
    build.kind = CommandSite::Kind::ImageBuild;
    build.where = name + " RUN";
    build.dockerfile = dockerfile.file;
    build.from_dockerfile = true;
    for (const deploy::Command& run : dockerfile.run) scan_command(file, run, build, known, out);
    CommandSite container = build;
    container.kind = CommandSite::Kind::Container;
    container.where = name + " HEALTHCHECK";
    for (const deploy::Command& check : dockerfile.healthcheck) {
      scan_command(file, check, container, known, out);
    }
  }
  for (const deploy::ComposeFile& compose : deployment.compose_files) {
    const SourceFile& file = files.file(compose.file);
    for (const deploy::ComposeService& service : compose.services) {
      CommandSite container;
      container.kind = CommandSite::Kind::Container;
      container.compose_service = service.name;
      container.where =
          fmt::format("{} service `{}`", file.path().filename().string(), service.name);
      const shell::Variables known = known_variables(service.environment);
      if (service.command) scan_command(file, *service.command, container, known, out);
      if (service.healthcheck) {
        CommandSite check = container;
        check.where += " healthcheck";
        scan_command(file, *service.healthcheck, check, known, out);
      }
    }
  }
  for (const deploy::KubernetesManifest& manifest : deployment.kubernetes) {
    const std::string name = files.file(manifest.file).path().filename().string();
    for (const deploy::KubernetesContainer& container : manifest.containers) {
      for (const deploy::HttpProbe& probe : container.probes) {
        out.http_checks.push_back(probe_check(name, container, probe));
      }
    }
  }
  return out;
}

}  // namespace preflight::project
