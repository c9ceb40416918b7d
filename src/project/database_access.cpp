#include "project/database_access.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include "project/required_variables.h"
#include "project/setting_values.h"

namespace preflight::project {
namespace {

using django::settings::Value;

constexpr std::array kDatabaseCommands = {
    "migrate",
    "migrate_schemas",
    "createsuperuser",
    "loaddata",
    "flush",
    "showmigrations",
    "createcachetable",
    "dumpdata",
    "changepassword",
    "clearsessions",
    "inspectdb",
    "remove_stale_contenttypes",
    "sqlflush",
    "test",
    "dbshell",
    "create_tenant",
    "setup_tenants",
    "create_superuser",
};

bool is_database_command(const Project& project, const std::string& subcommand) {
  if (std::find(kDatabaseCommands.begin(), kDatabaseCommands.end(), subcommand) !=
      kDatabaseCommands.end()) {
    return true;
  }
  // A project's own command: the deploy's setup steps (tenants, superusers, fixtures) all do.
  const std::string file = fmt::format("management/commands/{}.py", subcommand);
  return std::any_of(
      project.module_sources().begin(), project.module_sources().end(),
      [&](const django::ModuleSource& source) { return source.path.ends_with("/" + file); });
}

bool database_image(const std::string& image) {
  for (const std::string_view name :
       {"postgres", "postgis", "timescale", "mysql", "mariadb", "cockroach"}) {
    if (image.find(name) != std::string::npos) return true;
  }
  return false;
}

// A service container or an earlier step that provides a database to the job.
bool job_has_database(const deploy::WorkflowJob& job, const deploy::WorkflowStep& until) {
  for (const deploy::WorkflowService& service : job.services) {
    if (database_image(service.image)) return true;
  }
  for (const deploy::WorkflowStep& step : job.steps) {
    if (&step == &until) break;
    if (database_image(step.uses)) return true;
    if (!step.run) continue;
    const std::string& text = step.run->text;
    for (const std::string_view starts :
         {"compose up", "docker-compose up", "docker run", "pg_ctl", "service postgresql",
          "systemctl start postgresql", "pg_ctlcluster"}) {
      if (text.find(starts) != std::string::npos) return true;
    }
  }
  return false;
}

const Value* database_field(const Value& databases, const char* key) {
  const Value* fallback = databases.find(Value::str("default"));
  if (!fallback) return nullptr;
  return fallback->find(Value::str(key));
}

bool is_local(const std::string& host) {
  return host.empty() || is_loopback_host(host) || host.starts_with('/');
}

// What stops Django first in the job's environment, from the settings evaluated in it.
// What stops Django first in the job's environment, from the settings evaluated in it. The
// driver's texts are libpq 15's through psycopg2 2.9 (checked on this machine).
std::string predicted_error(const django::settings::SettingsResult& in_job, const Value* host_value,
                            const Value* port_value) {
  for (const std::string& note : in_job.notes) {
    if (note.starts_with("importing ")) return fmt::format("the settings fail: {}", note);
  }
  if (const django::settings::Setting* key = in_job.find("SECRET_KEY")) {
    if (key->value.kind == Value::Kind::Str && key->value.text.empty()) {
      return "django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be "
             "empty.";
    }
  }
  if (!host_value || host_value->kind != Value::Kind::Str) {
    return "django.db.utils.OperationalError: the database cannot be reached from the runner";
  }
  std::string port = "5432";
  if (port_value && port_value->kind == Value::Kind::Str && !port_value->text.empty()) {
    port = port_value->text;
  } else if (port_value && port_value->kind == Value::Kind::Int) {
    port = std::to_string(port_value->integer);
  }
  const std::string& host = host_value->text;
  if (host.empty() || host.starts_with('/')) {
    return fmt::format(
        "django.db.utils.OperationalError: connection to server on socket \"{}/.s.PGSQL.{}\" "
        "failed: No such file or directory",
        host.empty() ? "/var/run/postgresql" : host, port);
  }
  if (is_loopback_host(host)) {
    return fmt::format(
        "django.db.utils.OperationalError: connection to server at \"{}\"{}, port {} failed: "
        "Connection refused",
        host, host == "localhost" ? " (127.0.0.1)" : "", port);
  }
  return fmt::format(
      "django.db.utils.OperationalError: could not translate host name \"{}\" to address: Name "
      "or service not known (a name of the database's private network; a public one would time "
      "out or be refused)",
      host);
}

// `${{ secrets.NAME }}` when every other job that reads secrets.NAME declares an `environment:`
// and this job declares none or another: the secret belongs to that environment. Returns it.
std::optional<std::string> secret_of_other_environment(const Project& project,
                                                       const deploy::WorkflowJob& job,
                                                       const std::string& written) {
  static const std::regex secret(R"(^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$)");
  std::smatch match;
  if (!std::regex_match(written, match, secret)) return std::nullopt;
  const std::string reference = "secrets." + match[1].str();
  std::optional<std::string> owner;
  for (const deploy::Workflow& workflow : project.deployment().workflows) {
    for (const deploy::WorkflowJob& other : workflow.jobs) {
      if (&other == &job) continue;
      const bool uses =
          std::any_of(other.env.begin(), other.env.end(),
                      [&](const deploy::EnvVar& v) {
                        return v.written.find(reference) != std::string::npos;
                      }) ||
          std::any_of(other.steps.begin(), other.steps.end(),
                      [&](const deploy::WorkflowStep& step) {
                        for (const auto& v : step.env) {
                          if (v.written.find(reference) != std::string::npos) {
                            return true;
                          }
                        }
                        for (const auto& input : step.with) {
                          if (input.value.find(reference) != std::string::npos) {
                            return true;
                          }
                        }
                        return step.run && step.run->text.find(reference) != std::string::npos;
                      });
      if (!uses) continue;
      if (other.environment.empty()) return std::nullopt;  // a repository secret, then
      if (owner && *owner != other.environment) return std::nullopt;
      owner = other.environment;
    }
  }
  if (!owner || *owner == job.environment) return std::nullopt;
  return owner;
}

}  // namespace

bool needs_database(const Project& project, const std::string& subcommand) {
  return is_database_command(project, subcommand);
}

std::optional<NoDatabase> database_unreachable(const Project& project, const ManageRun& run) {
  const CommandSite& site = run.site;
  if (site.kind != CommandSite::Kind::Runner || !site.job || !site.step) return std::nullopt;
  if (!needs_database(project, run.command.subcommand)) return std::nullopt;
  if (job_has_database(*site.job, *site.step)) return std::nullopt;
  ModuleChoice module = settings_for(project, run);
  if (!module.module) return std::nullopt;
  const django::settings::Setting* databases = module.module->settings.find("DATABASES");
  if (!databases) return std::nullopt;
  std::set<std::string> read;
  read_variables(databases->value, read);

  // The module again, in exactly the job's environment: a runner has nothing else.
  const std::vector<deploy::EnvVar> env = site_environment(project, site);
  django::settings::EvaluationOptions options = exact_environment_options(project, env);
  std::vector<std::string> provided;
  std::vector<std::string> empty_secrets;  // "secrets.DB_HOST (environment `production`)"
  for (const deploy::EnvVar& var : env) {
    if (!var.value) {
      if (const auto owner = secret_of_other_environment(project, *site.job, var.written)) {
        // GitHub gives an environment's secrets only to jobs that declare that environment.
        options.environment.unknown_values.erase(var.name);
        options.environment.variables[var.name] = "";
        if (read.count(var.name)) {
          empty_secrets.push_back(
              fmt::format("{} (a secret of environment `{}`)", var.written, *owner));
        }
        continue;
      }
    }
    if (read.count(var.name)) provided.push_back(var.name);
  }
  const django::settings::SettingsResult in_job =
      django::settings::evaluate_settings(project.module_sources(), module.name, options);
  const django::settings::Setting* job_databases = in_job.find("DATABASES");
  const Value* engine = job_databases ? database_field(job_databases->value, "ENGINE") : nullptr;
  if (engine && engine->kind == Value::Kind::Str &&
      engine->text.find("sqlite") != std::string::npos) {
    return std::nullopt;  // a file on the runner
  }
  const Value* host = job_databases ? database_field(job_databases->value, "HOST") : nullptr;
  const bool local_host = host && host->kind == Value::Kind::Str && is_local(host->text);
  if (!provided.empty() && !local_host) return std::nullopt;  // settings of its own
  if (read.empty() && !local_host) return std::nullopt;       // a fixed host may be reachable

  NoDatabase out;
  if (!empty_secrets.empty()) {
    out.cause = fmt::format(
        "its database settings come from {}, which job `{}` does not declare: they are empty "
        "here{}",
        fmt::join(empty_secrets, ", "), site.job->id,
        host && host->kind == Value::Kind::Str
            ? fmt::format(", so HOST is `{}`", host->text.empty() ? "the local socket" : host->text)
            : "");
  } else if (!read.empty() && provided.empty()) {
    out.cause =
        fmt::format("the job's env sets none of the variables DATABASES of {} reads{}", module.name,
                    host && host->kind == Value::Kind::Str
                        ? fmt::format(", so HOST falls back to `{}`", host->text)
                        : "");
  } else {
    out.cause = fmt::format("DATABASES of {} points at `{}` on the runner, where nothing listens",
                            module.name, host->text.empty() ? "the local socket" : host->text);
  }
  out.variables_read.assign(read.begin(), read.end());
  out.databases_span = assigned_at(*module.module, "DATABASES");
  out.predicted = predicted_error(
      in_job, host, job_databases ? database_field(job_databases->value, "PORT") : nullptr);
  out.module = std::move(module);
  return out;
}

}  // namespace preflight::project
