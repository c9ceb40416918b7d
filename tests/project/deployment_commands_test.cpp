// The commands the incident's deployment runs, where each runs, and the settings each reaches
// (project/deployment_commands.h, project/command_settings.h), read from examples/incident.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "project/command_settings.h"
#include "project/project.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;

class IncidentDeployment : public ::testing::Test {
 protected:
  void SetUp() override {
    project_.emplace(project::load_project(fs::path(PREFLIGHT_SOURCE_DIR) / "examples/incident",
                                           config_, sources_, project::LoadOptions{}));
  }

  std::string text(const Span& span) const {
    const SourceFile& file = sources_.file(span.file);
    return file.text().substr(span.begin, span.end - span.begin);
  }
  std::string path(const Span& span) const {
    return sources_.file(span.file).path().filename().string();
  }

  Config config_;
  SourceMap sources_;
  std::optional<project::Project> project_;
};

TEST_F(IncidentDeployment, ManagementCommandsAndTheirSettings) {
  const auto& runs = project_->deployment_commands().manage_runs;
  std::vector<std::string> seen;
  for (const project::ManageRun& run : runs) {
    const project::ModuleChoice module = project::settings_for(*project_, run);
    seen.push_back(fmt::format("{}:{} {} [{}] {}", path(run.span), run.span.start.line,
                               run.command.subcommand, module.name, run.site.where));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "deploy.yml:58 migrate [harbor.settings.production] workflow deploy.yml, "
                      "job `deploy-backend`, step `Deploy the new image`, on the server over "
                      "ssh, in container `harbor-web`",
                      "deploy.yml:59 setup_tenants [harbor.settings.production] workflow "
                      "deploy.yml, job `deploy-backend`, step `Deploy the new image`, on the "
                      "server over ssh, in container `harbor-web`",
                      "deploy.yml:109 migrate [harbor.settings.production] workflow deploy.yml, "
                      "job `validate-deployment`, step `Apply migrations`",
                      "deploy.yml:112 setup_tenants [harbor.settings.production] workflow "
                      "deploy.yml, job `validate-deployment`, step `Set up tenants`",
                      "Dockerfile:17 collectstatic [harbor.settings.production] Dockerfile RUN",
                  }));
  const auto migrate = std::find_if(runs.begin(), runs.end(), [](const auto& run) {
    return run.site.kind == project::CommandSite::Kind::Runner;
  });
  ASSERT_NE(migrate, runs.end());
  EXPECT_EQ(text(migrate->subcommand_span), "migrate");
  EXPECT_EQ(text(migrate->span), "python manage.py migrate --noinput");
}

TEST_F(IncidentDeployment, HealthChecksTheirPlacesAndTheirServer) {
  const auto& checks = project_->deployment_commands().http_checks;
  ASSERT_EQ(checks.size(), 3u);
  const project::HttpCheck& health = checks[0];
  EXPECT_EQ(health.span.start.line, 69u);
  EXPECT_EQ(text(health.url_span), "http://localhost:8000/api/v1/health/");
  ASSERT_TRUE(health.host_span);
  EXPECT_EQ(text(*health.host_span), "\"Host: harbor.example\"");
  EXPECT_EQ(health.fallback, "echo 000");
  ASSERT_TRUE(health.fallback_span);
  EXPECT_EQ(text(*health.fallback_span), "echo 000");
  EXPECT_EQ(health.assigned_to, "STATUS");
  EXPECT_EQ(health.site.kind, project::CommandSite::Kind::Server);
  EXPECT_TRUE(health.request.follows_redirects);
  const project::ModuleChoice server = project::server_settings(*project_, health);
  EXPECT_EQ(server.name, "harbor.settings.production");
  EXPECT_NE(server.module, nullptr);

  EXPECT_EQ(checks[1].span.start.line, 88u);
  EXPECT_EQ(checks[1].request.path, "/api/v1/ready/");
  EXPECT_EQ(checks[1].request.header("Host"), nullptr);

  const project::HttpCheck& docker = checks[2];
  EXPECT_EQ(path(docker.span), "Dockerfile");
  EXPECT_EQ(docker.span.start.line, 26u);
  EXPECT_EQ(docker.site.kind, project::CommandSite::Kind::Container);
  EXPECT_TRUE(docker.request.fails_on_http_error);
  EXPECT_FALSE(docker.fallback);  // `|| exit 1` is outside any substitution
  EXPECT_EQ(project::server_settings(*project_, docker).name, "harbor.settings.production");
}

// Reusable workflows and composite actions of the repository run in their caller's place, with
// `${{ inputs.X }}` as the caller's `with:` sets it.
TEST(CalledWorkflows, ReusableWorkflowsAndCompositeActionsTakeTheirCallersInputs) {
  const fs::path root = fs::temp_directory_path() / "preflight-called-workflows";
  fs::remove_all(root);
  auto write = [&](const std::string& path, const std::string& text) {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path) << text;
  };
  write(".github/workflows/deploy.yml",
        "name: Deploy\n"
        "on: [push]\n"
        "jobs:\n"
        "  release:\n"
        "    uses: ./.github/workflows/release.yml\n"
        "    with:\n"
        "      settings: shop.settings.production\n");
  write(".github/workflows/release.yml",
        "on:\n"
        "  workflow_call:\n"
        "    inputs:\n"
        "      settings: {type: string}\n"
        "jobs:\n"
        "  migrate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: ./.github/actions/smoke\n"
        "        with:\n"
        "          url: http://localhost:8000/healthz/\n"
        "      - run: python manage.py migrate --settings=${{ inputs.settings }}\n");
  write(".github/actions/smoke/action.yml",
        "name: smoke\n"
        "inputs:\n"
        "  url: {required: true}\n"
        "runs:\n"
        "  using: composite\n"
        "  steps:\n"
        "    - shell: bash\n"
        "      run: curl -fsS ${{ inputs.url }}\n");
  Config config;
  SourceMap sources;
  const project::Project project =
      project::load_project(root, config, sources, project::LoadOptions{});
  const auto& commands = project.deployment_commands();
  ASSERT_EQ(commands.manage_runs.size(), 1u);
  const project::ManageRun& run = commands.manage_runs[0];
  ASSERT_TRUE(run.command.settings);
  EXPECT_EQ(run.command.settings->text, "shop.settings.production");
  EXPECT_EQ(run.site.where,
            "workflow deploy.yml, job `release` → workflow release.yml, job `migrate`");
  ASSERT_TRUE(run.settings_span);
  // The place is the expression the input replaced, in the called workflow.
  const SourceFile& release = sources.file(run.settings_span->file);
  EXPECT_EQ(release.path().filename(), "release.yml");
  EXPECT_EQ(run.settings_span->start.line, 12u);
  ASSERT_EQ(commands.http_checks.size(), 1u);
  const project::HttpCheck& smoke = commands.http_checks[0];
  EXPECT_EQ(smoke.request.path, "/healthz/");
  EXPECT_TRUE(smoke.request.url_literal);
  EXPECT_EQ(sources.file(smoke.url_span.file).path().filename(), "action.yml");
  EXPECT_EQ(smoke.site.step, &smoke.site.job->steps[0]);  // the caller's step
  fs::remove_all(root);
}

}  // namespace
}  // namespace preflight
