// Recognisers of the shell commands rules look for: HTTP requests, Django management commands,
// commands run in containers and over ssh; on the incident example's real scripts and on each form.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "deploy/shell/container_command.h"
#include "deploy/shell/http_request.h"
#include "deploy/shell/manage_command.h"
#include "deploy/shell/remote_command.h"
#include "deploy/shell/script.h"

namespace preflight::deploy::shell {
namespace {

std::string at(std::string_view text, std::size_t begin, std::size_t end) {
  return std::string(text.substr(begin, end - begin));
}

SimpleCommand only_command(const std::string& text) {
  const Script script = split_script(text);
  EXPECT_EQ(script.commands.size(), 1u) << text;
  return script.commands.empty() ? SimpleCommand{} : script.commands[0];
}

// examples/incident/.github/workflows/deploy.yml, the ssh-action and run: scripts.
const std::string kDeployScript =
    "set -e\n"
    "cd /opt/harbor\n"
    "export IMAGE_TAG=${{ github.sha }}\n"
    "docker compose pull web\n"
    "docker compose up -d web\n"
    "docker exec harbor-web python manage.py migrate --noinput\n"
    "docker exec harbor-web python manage.py setup_tenants\n";

const std::string kHealthScript =
    "for attempt in 1 2 3 4 5 6 7 8 9 10; do\n"
    "  STATUS=$(curl -s -o /dev/null -w \"%{http_code}\" -L -H \"Host: harbor.example\" "
    "http://localhost:8000/api/v1/health/ || echo 000)  # expect: PF501, PF503\n"
    "  if [ \"$STATUS\" = \"200\" ]; then\n"
    "    echo \"Backend is healthy\"\n"
    "    exit 0\n"
    "  fi\n"
    "  echo \"Attempt $attempt: HTTP $STATUS, retrying in 6s\"\n"
    "  sleep 6\n"
    "done\n"
    "echo \"Health check failed with HTTP $STATUS\"\n"
    "docker logs harbor-web --tail 100\n"
    "exit 1\n";

const std::string kReadinessScript =
    "STATUS=$(curl -s -o /dev/null -w '%{http_code}' -L http://localhost:8000/api/v1/ready/ || "
    "echo 000)  # expect: PF503\n"
    "echo \"Readiness: HTTP $STATUS\"\n"
    "test \"$STATUS\" = \"200\"\n";

TEST(ShellIncident, DeployScript) {
  const Script script = split_script(kDeployScript);
  EXPECT_TRUE(script.errors.empty());
  ASSERT_EQ(script.commands.size(), 7u);
  EXPECT_FALSE(script.commands[2].words[1].literal);  // IMAGE_TAG=${{ github.sha }}
  std::vector<std::string> subcommands;
  for (const SimpleCommand& command : script.commands) {
    const std::optional<ContainerCommand> container = container_command(command);
    if (!container) continue;
    EXPECT_EQ(container->kind, ContainerKind::DockerExec);
    EXPECT_EQ(container->target.text, "harbor-web");
    const std::optional<ManageCommand> manage = manage_command(container->inner);
    ASSERT_TRUE(manage.has_value());
    subcommands.push_back(manage->subcommand);
    EXPECT_EQ(at(kDeployScript, manage->subcommand_word->begin, manage->subcommand_word->end),
              manage->subcommand);
  }
  EXPECT_EQ(subcommands, (std::vector<std::string>{"migrate", "setup_tenants"}));
}

TEST(ShellIncident, HealthCheckLoop) {
  const Script script = split_script(kHealthScript);
  EXPECT_TRUE(script.errors.empty());
  std::optional<std::size_t> curl_index;
  for (std::size_t i = 0; i < script.commands.size(); ++i) {
    if (script.commands[i].name() == "curl") curl_index = i;
  }
  ASSERT_TRUE(curl_index.has_value());
  const SimpleCommand& curl = script.commands[*curl_index];
  EXPECT_EQ(curl.group, 1);
  ASSERT_TRUE(curl.parent.has_value());
  EXPECT_EQ(script.commands[*curl.parent].assignments[0].name, "STATUS");
  const Assignment* status = assignment_holding(script, *curl_index);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->name, "STATUS");
  EXPECT_EQ(assignment_holding(script, 0), nullptr);
  const std::optional<std::size_t> fallback = next_joined(script, *curl_index, Joiner::Or);
  ASSERT_TRUE(fallback.has_value());
  EXPECT_EQ(script.commands[*fallback].words[1].text, "000");

  const std::optional<HttpRequest> request = http_request(curl);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->tool, HttpTool::Curl);
  EXPECT_EQ(request->url, "http://localhost:8000/api/v1/health/");
  EXPECT_EQ(at(kHealthScript, request->url_begin, request->url_end), request->url);
  EXPECT_EQ(request->host, "localhost");
  EXPECT_EQ(request->port, 8000);
  EXPECT_EQ(request->path, "/api/v1/health/");
  EXPECT_EQ(request->write_out, "%{http_code}");
  EXPECT_EQ(request->output, "/dev/null");
  EXPECT_TRUE(request->follows_redirects);
  EXPECT_FALSE(request->fails_on_http_error);
  const HttpHeader* host = request->header("host");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->value, "harbor.example");
  EXPECT_EQ(at(kHealthScript, host->begin, host->end), "\"Host: harbor.example\"");

  std::vector<std::string> names;
  for (const SimpleCommand& command : script.commands) names.emplace_back(command.name());
  EXPECT_EQ(names, (std::vector<std::string>{"", "curl", "echo", "[", "echo", "exit", "echo",
                                             "sleep", "echo", "docker", "exit"}));
}

TEST(ShellIncident, Readiness) {
  const Script script = split_script(kReadinessScript);
  ASSERT_GE(script.commands.size(), 3u);
  const std::optional<HttpRequest> request = http_request(script.commands[1]);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->write_out, "%{http_code}");
  EXPECT_TRUE(request->follows_redirects);
  EXPECT_EQ(request->header("Host"), nullptr);
  EXPECT_EQ(next_joined(script, 1, Joiner::Or), 2u);
}

TEST(ShellIncident, RunStepsAndDockerfile) {
  EXPECT_FALSE(manage_command(only_command("pip install -r requirements.txt")));
  const std::optional<ManageCommand> migrate =
      manage_command(only_command("python manage.py migrate --noinput  # expect: PF504"));
  ASSERT_TRUE(migrate.has_value());
  EXPECT_EQ(migrate->subcommand, "migrate");
  EXPECT_EQ(migrate->settings_source, SettingsSource::None);
  EXPECT_EQ(manage_command(only_command("python manage.py setup_tenants"))->subcommand,
            "setup_tenants");

  // Dockerfile RUN: continuation lines joined with a space by the reader, or kept as written.
  const std::string run =
      "DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \\\n"
      "    --settings=harbor.settings.production";
  const std::optional<ManageCommand> collectstatic = manage_command(only_command(run));
  ASSERT_TRUE(collectstatic.has_value());
  EXPECT_EQ(collectstatic->subcommand, "collectstatic");
  EXPECT_EQ(collectstatic->settings->text, "harbor.settings.production");
  EXPECT_EQ(collectstatic->settings_source, SettingsSource::Option);
  EXPECT_EQ(at(run, collectstatic->settings->begin, collectstatic->settings->end),
            "--settings=harbor.settings.production");

  const Script apt = split_script(
      "apt-get update     && apt-get install -y --no-install-recommends curl     && rm -rf "
      "/var/lib/apt/lists/*");
  ASSERT_EQ(apt.commands.size(), 3u);
  EXPECT_EQ(apt.commands[2].words[2].text, "/var/lib/apt/lists/*");

  const std::string healthcheck =
      "curl -fsS -o /dev/null http://localhost:8000/api/v1/health/ || exit 1";
  const Script check = split_script(healthcheck);
  const std::optional<HttpRequest> request = http_request(check.commands[0]);
  ASSERT_TRUE(request.has_value());
  EXPECT_TRUE(request->fails_on_http_error);
  EXPECT_FALSE(request->follows_redirects);
  EXPECT_EQ(request->output, "/dev/null");
  EXPECT_EQ(check.commands[1].joined_by, Joiner::Or);
}

TEST(ShellHttp, CurlOptions) {
  const auto request = [](const std::string& text) { return http_request(only_command(text)); };
  auto post = request(
      "curl --fail-with-body --location --max-time 5 --connect-timeout=2 --retry 3 "
      "-d '{}' --header 'X-A: 1' -HHost:api.example -k -u a:b -A agent example.com:8443/x?y=1");
  ASSERT_TRUE(post.has_value());
  EXPECT_EQ(post->method, "POST");
  EXPECT_TRUE(post->fails_on_http_error);
  EXPECT_TRUE(post->follows_redirects);
  EXPECT_TRUE(post->insecure);
  EXPECT_EQ(post->max_time, 5.0);
  EXPECT_EQ(post->connect_timeout, 2.0);
  EXPECT_EQ(post->retries, 3);
  ASSERT_EQ(post->headers.size(), 2u);
  EXPECT_EQ(post->header("HOST")->value, "api.example");
  EXPECT_EQ(post->scheme, "http");
  EXPECT_EQ(post->host, "example.com");
  EXPECT_EQ(post->port, 8443);
  EXPECT_EQ(post->path, "/x");

  EXPECT_EQ(request("curl -I https://x")->method, "HEAD");
  EXPECT_EQ(request("curl -X DELETE -d a https://x")->method, "DELETE");
  EXPECT_EQ(request("curl -G -d a=1 https://x")->method, "GET");
  EXPECT_EQ(request("curl -sSfLm10 https://x")->max_time, 10.0);
  EXPECT_TRUE(request("curl -sSfLm10 https://x")->follows_redirects);
  EXPECT_EQ(request("curl -w '%{http_code}\\n' https://x")->write_out, "%{http_code}\\n");
  EXPECT_EQ(request("curl --write-out %{http_code} https://x")->write_out, "%{http_code}");
  EXPECT_EQ(request("curl --resolve x:443:127.0.0.1 https://x/")->host, "x");
  EXPECT_EQ(request("curl --resolve x:443:127.0.0.1 https://x/")->resolve,
            (std::vector<std::string>{"x:443:127.0.0.1"}));
  EXPECT_EQ(request("curl https://[::1]:8000/a")->host, "[::1]");
  EXPECT_EQ(request("curl https://[::1]:8000/a")->port, 8000);
  EXPECT_EQ(request("timeout 5 curl https://x")->host, "x");
  EXPECT_FALSE(request("curl -s"));
  EXPECT_FALSE(request("echo curl https://x"));

  auto variable = request("curl \"$URL/health\"");
  ASSERT_TRUE(variable.has_value());
  EXPECT_FALSE(variable->url_literal);
  EXPECT_TRUE(variable->host.empty());
}

TEST(ShellHttp, WgetAndHttpie) {
  const auto request = [](const std::string& text) { return http_request(only_command(text)); };
  auto wget = request(
      "wget -qO- --spider -T 5 --header='Host: a.example' --max-redirect=0 http://localhost/h");
  ASSERT_TRUE(wget.has_value());
  EXPECT_EQ(wget->tool, HttpTool::Wget);
  EXPECT_EQ(wget->output, "-");
  EXPECT_EQ(wget->method, "HEAD");
  EXPECT_EQ(wget->max_time, 5.0);
  EXPECT_TRUE(wget->fails_on_http_error);
  EXPECT_FALSE(wget->follows_redirects);
  EXPECT_EQ(wget->header("host")->value, "a.example");
  auto plain = request("wget -q http://x/");
  EXPECT_TRUE(plain->follows_redirects);
  EXPECT_EQ(request("wget --method=PUT http://x/")->method, "PUT");
  EXPECT_EQ(request("wget --timeout=3 http://x/")->max_time, 3.0);

  auto http = request("http --follow --check-status --timeout=2 POST :8000/api Host:b.example a=1");
  ASSERT_TRUE(http.has_value());
  EXPECT_EQ(http->tool, HttpTool::Httpie);
  EXPECT_EQ(http->method, "POST");
  EXPECT_EQ(http->host, "localhost");
  EXPECT_EQ(http->port, 8000);
  EXPECT_EQ(http->url, ":8000/api");
  EXPECT_TRUE(http->follows_redirects);
  EXPECT_TRUE(http->fails_on_http_error);
  EXPECT_EQ(http->header("Host")->value, "b.example");
  EXPECT_EQ(request("https example.com/x")->scheme, "https");
  EXPECT_EQ(request("http example.com a=1")->method, "POST");
  EXPECT_EQ(request("http example.com q==1")->method, "GET");
}

TEST(ShellManage, Forms) {
  const auto manage = [](const std::string& text) { return manage_command(only_command(text)); };
  for (const std::string text :
       {"python manage.py migrate", "python3 manage.py migrate", "python3.11 manage.py migrate",
        "/usr/bin/python3 /app/manage.py migrate", "./manage.py migrate", "django-admin migrate",
        "poetry run python manage.py migrate", "pipenv run python manage.py migrate",
        "uv run --frozen python manage.py migrate", "python -m django migrate",
        "python -u manage.py migrate", "exec python manage.py migrate",
        "sudo -u app python manage.py migrate"}) {
    const auto found = manage(text);
    ASSERT_TRUE(found.has_value()) << text;
    EXPECT_EQ(found->subcommand, "migrate") << text;
  }
  EXPECT_FALSE(manage("python script.py migrate"));
  EXPECT_FALSE(manage("python -c 'import manage'"));
  EXPECT_FALSE(manage("cat manage.py"));

  auto settings = manage("python manage.py check --deploy --settings shop.settings.prod");
  EXPECT_EQ(settings->settings->text, "shop.settings.prod");
  EXPECT_EQ(settings->args.size(), 3u);
  auto environment = manage("DJANGO_SETTINGS_MODULE=shop.prod python manage.py check");
  EXPECT_EQ(environment->settings->text, "shop.prod");
  EXPECT_EQ(environment->settings_source, SettingsSource::Environment);
  auto via_env = manage("env DJANGO_SETTINGS_MODULE=shop.env ./manage.py check");
  EXPECT_EQ(via_env->settings->text, "shop.env");
  EXPECT_TRUE(manage("python manage.py")->subcommand.empty());
}

TEST(ShellContainer, Forms) {
  const auto container = [](const std::string& text) {
    return container_command(only_command(text));
  };
  auto exec = container("docker exec -it -e A=1 --env B=2 -u root web python manage.py migrate");
  ASSERT_TRUE(exec.has_value());
  EXPECT_EQ(exec->kind, ContainerKind::DockerExec);
  EXPECT_EQ(exec->target.text, "web");
  ASSERT_EQ(exec->env.size(), 2u);
  EXPECT_EQ(exec->env[1].name, "B");
  EXPECT_EQ(exec->env[1].value.text, "2");
  EXPECT_EQ(exec->inner.words.size(), 3u);

  auto compose = container("docker compose -f prod.yml exec -T web ./manage.py check");
  EXPECT_EQ(compose->kind, ContainerKind::ComposeExec);
  EXPECT_EQ(compose->target.text, "web");
  auto legacy = container(
      "docker-compose run --rm -e DJANGO_SETTINGS_MODULE=x.prod web python manage.py migrate");
  EXPECT_EQ(legacy->kind, ContainerKind::ComposeRun);
  const auto manage = manage_command(legacy->inner);
  ASSERT_TRUE(manage.has_value());
  EXPECT_EQ(manage->settings->text, "x.prod");  // -e reaches the inner command
  EXPECT_EQ(manage->settings_source, SettingsSource::Environment);

  auto run = container(
      "docker run --rm --network host -v /a:/b -e X=1 ghcr.io/acme/app:1 python manage.py check");
  EXPECT_EQ(run->kind, ContainerKind::DockerRun);
  EXPECT_EQ(run->target.text, "ghcr.io/acme/app:1");
  EXPECT_EQ(run->inner.name(), "python");
  EXPECT_TRUE(container("docker run -d nginx")->inner.words.empty());
  auto entrypoint = container("docker run --rm --entrypoint python app:1 manage.py migrate");
  EXPECT_EQ(entrypoint->entrypoint->text, "python");
  EXPECT_EQ(manage_command(entrypoint->inner)->subcommand, "migrate");
  auto compose_entrypoint =
      container("docker compose run --entrypoint=./manage.py web check --deploy");
  EXPECT_EQ(manage_command(compose_entrypoint->inner)->subcommand, "check");

  auto kubectl =
      container("kubectl -n prod exec -it deploy/web -c app -- python manage.py migrate");
  EXPECT_EQ(kubectl->kind, ContainerKind::KubectlExec);
  EXPECT_EQ(kubectl->target.text, "deploy/web");
  EXPECT_EQ(manage_command(kubectl->inner)->subcommand, "migrate");

  EXPECT_FALSE(container("docker compose up -d web"));
  EXPECT_FALSE(container("docker logs web"));
  EXPECT_FALSE(container("kubectl get pods"));

  const std::string text = "docker exec web sh -c 'curl -f http://localhost/health'";
  auto shell = container_command(only_command(text));
  const std::optional<Script> inner = shell_c_script(shell->inner, text);
  ASSERT_TRUE(inner.has_value());
  const auto request = http_request(inner->commands[0]);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(at(text, request->url_begin, request->url_end), "http://localhost/health");
}

TEST(ShellRemote, SshForms) {
  const std::string text =
      "ssh -i ~/.ssh/key -p 2222 -o StrictHostKeyChecking=no -t deploy@app.example "
      "'cd /srv && docker compose exec web python manage.py migrate'";
  const auto remote = remote_command(only_command(text), text);
  ASSERT_TRUE(remote.has_value());
  EXPECT_EQ(remote->user, "deploy");
  EXPECT_EQ(remote->host, "app.example");
  EXPECT_EQ(remote->port, 2222);
  ASSERT_EQ(remote->script.commands.size(), 2u);
  EXPECT_EQ(remote->script.commands[1].joined_by, Joiner::And);
  const Word& python = remote->script.commands[1].words[4];
  EXPECT_EQ(at(text, python.begin, python.end), "python");
  const auto container = container_command(remote->script.commands[1]);
  EXPECT_EQ(manage_command(container->inner)->subcommand, "migrate");

  const std::string words = "ssh host docker exec web \"$CMD\"";
  const auto joined = remote_command(only_command(words), words);
  EXPECT_EQ(joined->script_text, "docker exec web $CMD");
  ASSERT_EQ(joined->script.commands.size(), 1u);
  EXPECT_EQ(joined->script.commands[0].words.size(), 4u);

  const std::string heredoc = "ssh -T user@h <<'EOF'\ncd /app\n./manage.py migrate\nEOF\n";
  const Script outer = split_script(heredoc);
  const auto from_stdin = remote_command(outer.commands[0], heredoc);
  ASSERT_TRUE(from_stdin.has_value());
  ASSERT_EQ(from_stdin->script.commands.size(), 2u);
  const Word& manage = from_stdin->script.commands[1].words[0];
  EXPECT_EQ(at(heredoc, manage.begin, manage.end), "./manage.py");

  EXPECT_EQ(remote_command(only_command("ssh ssh://h:2200 ls"), "ssh ssh://h:2200 ls")->port, 2200);
  EXPECT_FALSE(remote_command(only_command("scp a b:c"), "scp a b:c"));
}

}  // namespace
}  // namespace preflight::deploy::shell
