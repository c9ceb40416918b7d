// The deployment readers: what each file says, with the places findings will point at.
#include <gtest/gtest.h>

#include "deploy/compose.h"
#include "deploy/dockerfile.h"
#include "deploy/env_file.h"
#include "deploy/kubernetes.h"
#include "deploy/workflow.h"

namespace preflight::deploy {
namespace {

std::string text_at(const SourceFile& file, const Span& span) {
  return file.text().substr(span.begin, span.end - span.begin);
}

TEST(Dockerfile, EnvFormsContinuationsAndStages) {
  const SourceFile file("Dockerfile", FileKind::Dockerfile,
                        "FROM python:3.11 AS build\n"
                        "ENV BUILD_ONLY=1\n"
                        "FROM python:3.11-slim\n"
                        "# a comment\n"
                        "ENV PYTHONUNBUFFERED=1 \\\n"
                        "    DJANGO_SETTINGS_MODULE=shop.settings.prod \\\n"
                        "    GREETING=\"hello world\" HOME_DIR=$HOME\n"
                        "ENV LEGACY value with spaces\n"
                        "RUN python manage.py collectstatic \\\n"
                        "    --settings=shop.settings.build\n"
                        "HEALTHCHECK --interval=5s CMD curl -f http://localhost:8000/healthz/\n"
                        "CMD [\"gunicorn\", \"shop.wsgi\", \"-b\", \"0.0.0.0:8000\"]\n");
  const Dockerfile dockerfile = read_dockerfile(file, 0);
  ASSERT_EQ(dockerfile.env.size(), 5u);  // the build stage's ENV does not reach the container
  EXPECT_EQ(dockerfile.env[0].name, "PYTHONUNBUFFERED");
  const EnvVar* settings = find_env(dockerfile.env, "DJANGO_SETTINGS_MODULE");
  ASSERT_NE(settings, nullptr);
  EXPECT_EQ(settings->value, "shop.settings.prod");
  EXPECT_EQ(settings->span.start.line, 6u);
  EXPECT_EQ(text_at(file, settings->span), "DJANGO_SETTINGS_MODULE=shop.settings.prod");
  EXPECT_EQ(find_env(dockerfile.env, "GREETING")->value, "hello world");
  EXPECT_FALSE(find_env(dockerfile.env, "HOME_DIR")->value.has_value());  // interpolated
  EXPECT_EQ(find_env(dockerfile.env, "LEGACY")->value, "value with spaces");
  ASSERT_EQ(dockerfile.run.size(), 1u);
  EXPECT_NE(dockerfile.run[0].text.find("--settings=shop.settings.build"), std::string::npos);
  EXPECT_EQ(dockerfile.run[0].span.start.line, 9u);
  EXPECT_EQ(dockerfile.run[0].span.stop.line, 10u);
  ASSERT_EQ(dockerfile.healthcheck.size(), 1u);
  EXPECT_EQ(dockerfile.healthcheck[0].text, " curl -f http://localhost:8000/healthz/");
  ASSERT_EQ(dockerfile.start.size(), 1u);
  EXPECT_EQ(dockerfile.start[0].text, "gunicorn shop.wsgi -b 0.0.0.0:8000");
}

TEST(Compose, EnvironmentMapListInterpolationAndEnvFiles) {
  const SourceFile file("docker-compose.yml", FileKind::Compose,
                        "services:\n"
                        "  web:\n"
                        "    build: .\n"
                        "    container_name: shop-web\n"
                        "    env_file: [.env, {path: .env.local, required: false}]\n"
                        "    environment:\n"
                        "      DJANGO_SETTINGS_MODULE: shop.settings.prod  # the real one\n"
                        "      SECRET_KEY: ${SECRET_KEY}\n"
                        "      PRICE: \"$$5\"\n"
                        "    command: [\"gunicorn\", \"shop.wsgi\"]\n"
                        "    healthcheck:\n"
                        "      test: [\"CMD-SHELL\", \"curl -f http://localhost:8000/healthz/\"]\n"
                        "  worker:\n"
                        "    image: shop\n"
                        "    environment:\n"
                        "      - DJANGO_SETTINGS_MODULE=shop.settings.worker\n"
                        "      - PASSED_THROUGH\n");
  const ComposeFile compose = read_compose(file, 0);
  ASSERT_FALSE(compose.error);
  ASSERT_EQ(compose.services.size(), 2u);
  const ComposeService& web = compose.services[0];
  EXPECT_EQ(web.name, "web");
  EXPECT_TRUE(web.builds);
  EXPECT_EQ(web.container_name, "shop-web");
  ASSERT_EQ(web.env_files.size(), 2u);
  EXPECT_FALSE(web.env_files[1].required);
  const EnvVar* settings = find_env(web.environment, "DJANGO_SETTINGS_MODULE");
  ASSERT_NE(settings, nullptr);
  EXPECT_EQ(settings->value, "shop.settings.prod");
  EXPECT_EQ(text_at(file, settings->span), "DJANGO_SETTINGS_MODULE: shop.settings.prod");
  EXPECT_FALSE(find_env(web.environment, "SECRET_KEY")->value.has_value());
  EXPECT_EQ(find_env(web.environment, "PRICE")->value, "$$5");
  ASSERT_TRUE(web.command);
  EXPECT_EQ(web.command->text, "gunicorn shop.wsgi");
  ASSERT_TRUE(web.healthcheck);
  EXPECT_EQ(web.healthcheck->text, "curl -f http://localhost:8000/healthz/");
  const ComposeService& worker = compose.services[1];
  EXPECT_EQ(find_env(worker.environment, "DJANGO_SETTINGS_MODULE")->value, "shop.settings.worker");
  EXPECT_FALSE(find_env(worker.environment, "PASSED_THROUGH")->value.has_value());
}

TEST(Compose, BrokenYamlIsAnErrorNotACrash) {
  const SourceFile file("compose.yaml", FileKind::Compose, "services:\n  web: [unclosed\n");
  const ComposeFile compose = read_compose(file, 0);
  EXPECT_TRUE(compose.error);
  EXPECT_TRUE(compose.services.empty());
}

TEST(Workflow, EnvLevelsStepsAndRunBlocks) {
  const SourceFile file(".github/workflows/deploy.yml", FileKind::Workflow,
                        "on: push\n"
                        "env:\n"
                        "  DJANGO_SETTINGS_MODULE: shop.settings.ci\n"
                        "jobs:\n"
                        "  deploy:\n"
                        "    needs: [test]\n"
                        "    environment: production\n"
                        "    env:\n"
                        "      DATABASE_URL: ${{ secrets.DATABASE_URL }}\n"
                        "    steps:\n"
                        "      - uses: actions/checkout@v4\n"
                        "      - name: Migrate\n"
                        "        env:\n"
                        "          DJANGO_SETTINGS_MODULE: shop.settings.prod\n"
                        "        run: |\n"
                        "          python manage.py migrate --noinput\n"
                        "      - uses: appleboy/ssh-action@v1\n"
                        "        with:\n"
                        "          script: docker exec web python manage.py migrate\n");
  const Workflow workflow = read_workflow(file, 0);
  ASSERT_FALSE(workflow.error);
  ASSERT_EQ(workflow.jobs.size(), 1u);
  const WorkflowJob& job = workflow.jobs[0];
  EXPECT_EQ(job.id, "deploy");
  EXPECT_EQ(job.needs, std::vector<std::string>{"test"});
  EXPECT_EQ(job.environment, "production");
  EXPECT_FALSE(find_env(job.env, "DATABASE_URL")->value.has_value());
  ASSERT_EQ(job.steps.size(), 3u);
  EXPECT_EQ(job.steps[1].name, "Migrate");
  ASSERT_TRUE(job.steps[1].run);
  EXPECT_EQ(job.steps[1].run->text, "python manage.py migrate --noinput\n");
  const std::vector<EnvVar> env = step_environment(workflow, job, job.steps[1]);
  EXPECT_EQ(find_env(env, "DJANGO_SETTINGS_MODULE")->value, "shop.settings.prod");  // step wins
  ASSERT_EQ(job.steps[2].with.size(), 1u);
  EXPECT_EQ(job.steps[2].with[0].name, "script");
  EXPECT_EQ(job.steps[2].with[0].span.start.line, 19u);
}

TEST(EnvFile, AssignmentsQuotesCommentsAndErrorsWithoutValues) {
  const EnvFileParse parsed = parse_env_file(
      "# secrets for local runs\n"
      "export DJANGO_DEBUG=1\n"
      "SECRET_KEY='a#b c'\n"
      "GREETING=\"line\\none\"\n"
      "HOSTS=a.example,b.example # trailing comment\n"
      "EMPTY=\n");
  ASSERT_FALSE(parsed.error);
  ASSERT_EQ(parsed.entries.size(), 5u);
  EXPECT_EQ(parsed.entries[0].name, "DJANGO_DEBUG");
  EXPECT_EQ(parsed.entries[1].value, "a#b c");
  EXPECT_EQ(parsed.entries[2].value, "line\none");
  EXPECT_EQ(parsed.entries[3].value, "a.example,b.example");
  EXPECT_EQ(parsed.entries[4].value, "");
  const EnvFileParse broken = parse_env_file("OK=1\nPASSWORD hunter2\n");
  ASSERT_TRUE(broken.error);
  EXPECT_EQ(broken.error_line, 2);
  EXPECT_EQ(broken.error->find("hunter2"), std::string::npos);  // never echo a value
}

TEST(Kubernetes, WorkloadContainersEnvCommandsAndProbes) {
  const SourceFile file("k8s/web.yaml", FileKind::Yaml,
                        "apiVersion: v1\n"
                        "kind: Service\n"
                        "metadata: {name: web}\n"
                        "---\n"
                        "apiVersion: apps/v1\n"
                        "kind: Deployment\n"
                        "metadata:\n"
                        "  name: web\n"
                        "spec:\n"
                        "  template:\n"
                        "    spec:\n"
                        "      containers:\n"
                        "        - name: django\n"
                        "          args: [\"gunicorn\", \"shop.wsgi\"]\n"
                        "          env:\n"
                        "            - name: DJANGO_SETTINGS_MODULE\n"
                        "              value: shop.settings.k8s\n"
                        "            - name: SECRET_KEY\n"
                        "              valueFrom: {secretKeyRef: {name: s, key: k}}\n"
                        "          envFrom: [{configMapRef: {name: web}}]\n"
                        "          readinessProbe:\n"
                        "            httpGet:\n"
                        "              path: /readyz/\n"
                        "              port: 8000\n"
                        "              httpHeaders: [{name: Host, value: api.example.com}]\n"
                        "---\n"
                        "apiVersion: batch/v1\n"
                        "kind: CronJob\n"
                        "metadata: {name: clearsessions}\n"
                        "spec:\n"
                        "  jobTemplate:\n"
                        "    spec:\n"
                        "      template:\n"
                        "        spec:\n"
                        "          containers:\n"
                        "            - name: job\n"
                        "              command: [python, manage.py, clearsessions]\n");
  const KubernetesManifest manifest = read_kubernetes(file, 0);
  ASSERT_FALSE(manifest.error);
  ASSERT_EQ(manifest.containers.size(), 2u);
  const KubernetesContainer& web = manifest.containers[0];
  EXPECT_EQ(web.workload, "Deployment/web");
  EXPECT_EQ(find_env(web.env, "DJANGO_SETTINGS_MODULE")->value, "shop.settings.k8s");
  EXPECT_FALSE(find_env(web.env, "SECRET_KEY")->value.has_value());
  EXPECT_TRUE(web.env_from);
  EXPECT_EQ(web.command->text, "gunicorn shop.wsgi");
  ASSERT_EQ(web.probes.size(), 1u);
  EXPECT_EQ(web.probes[0].kind, "readinessProbe");
  EXPECT_EQ(web.probes[0].path, "/readyz/");
  EXPECT_EQ(web.probes[0].port, "8000");
  EXPECT_EQ(web.probes[0].headers.at(0).second, "api.example.com");
  EXPECT_EQ(web.probes[0].span.start.line, 23u);
  EXPECT_EQ(manifest.containers[1].workload, "CronJob/clearsessions");
  EXPECT_EQ(manifest.containers[1].command->text, "python manage.py clearsessions");
}

TEST(Kubernetes, OtherYamlGivesNoContainers) {
  const SourceFile file("config.yaml", FileKind::Yaml, "a: 1\n---\nkind: Foo\n");
  EXPECT_TRUE(read_kubernetes(file, 0).containers.empty());
  const SourceFile broken("k.yaml", FileKind::Yaml, "apiVersion: v1\nkind: [\n");
  EXPECT_TRUE(read_kubernetes(broken, 0).error);
}

// Every byte of a command's text maps back to the byte of the file it came from, so a finding can
// point at one word inside a block scalar, a quoted string or a continued Dockerfile line.
void expect_offsets_exact(const SourceFile& file, const Command& command) {
  ASSERT_EQ(command.offsets.size(), command.text.size() + 1);
  for (std::size_t i = 0; i < command.text.size(); ++i) {
    const char c = command.text[i];
    const char in_file = file.text()[command.offsets[i]];
    // A folded line break; a space joining exec-form words, which points at the next word.
    if (c == ' ' && (in_file == '\n' || command.offsets[i] == command.offsets[i + 1])) continue;
    EXPECT_EQ(in_file, c) << "byte " << i << " of " << command.text;
  }
}

std::string word_at(const SourceFile& file, const Command& command, std::string_view word) {
  const std::size_t at = command.text.find(word);
  if (at == std::string::npos) return "(not in the text)";
  return text_at(file, command.span_of(file, at, at + word.size()));
}

TEST(CommandOffsets, BlockScalarsQuotedScalarsAndLists) {
  const SourceFile file(".github/workflows/deploy.yml", FileKind::Workflow,
                        "name: Deploy\n"
                        "on:\n"
                        "  workflow_run:\n"
                        "    workflows: [Build]\n"
                        "    types: [completed]\n"
                        "  workflow_call:\n"
                        "    inputs:\n"
                        "      environment: {type: string}\n"
                        "jobs:\n"
                        "  check:\n"
                        "    runs-on: ubuntu-latest\n"
                        "    services:\n"
                        "      postgres:\n"
                        "        image: postgres:15\n"
                        "        env:\n"
                        "          POSTGRES_PASSWORD: postgres\n"
                        "    container: python:3.11\n"
                        "    steps:\n"
                        "      - run: |\n"
                        "          for i in 1 2 3; do\n"
                        "            curl -fsS http://localhost:8000/healthz/ && break\n"
                        "          done\n"
                        "\n"
                        "          echo done\n"
                        "      - run: >-\n"
                        "          python manage.py\n"
                        "          migrate --noinput\n"
                        "      - run: \"curl -H \\\"Host: a.example\\\" http://x/\"\n"
                        "      - uses: appleboy/ssh-action@v1\n"
                        "        with:\n"
                        "          script: |-\n"
                        "            docker exec web python manage.py migrate\n"
                        "  call:\n"
                        "    uses: ./.github/workflows/release.yml\n"
                        "    with:\n"
                        "      environment: production\n");
  const Workflow workflow = read_workflow(file, 0);
  ASSERT_FALSE(workflow.error);
  EXPECT_EQ(workflow.name, "Deploy");
  EXPECT_EQ(workflow.on.events, (std::vector<std::string>{"workflow_run", "workflow_call"}));
  EXPECT_EQ(workflow.on.after_workflows, (std::vector<std::string>{"Build"}));
  EXPECT_EQ(workflow.on.call_inputs, (std::vector<std::string>{"environment"}));
  ASSERT_EQ(workflow.jobs.size(), 2u);
  const WorkflowJob& check = workflow.jobs[0];
  ASSERT_EQ(check.services.size(), 1u);
  EXPECT_EQ(check.services[0].name, "postgres");
  EXPECT_EQ(check.services[0].image, "postgres:15");
  EXPECT_EQ(find_env(check.services[0].env, "POSTGRES_PASSWORD")->value, "postgres");
  EXPECT_EQ(check.container_image, "python:3.11");
  ASSERT_EQ(check.steps.size(), 4u);

  const Command& loop = *check.steps[0].run;
  expect_offsets_exact(file, loop);
  EXPECT_EQ(word_at(file, loop, "http://localhost:8000/healthz/"),
            "http://localhost:8000/healthz/");
  EXPECT_EQ(loop.span_of(file, loop.text.find("curl"), loop.text.find("curl") + 4).start.line, 21u);
  EXPECT_EQ(word_at(file, loop, "echo done"), "echo done");

  const Command& folded = *check.steps[1].run;
  EXPECT_EQ(folded.text, "python manage.py migrate --noinput");
  expect_offsets_exact(file, folded);
  EXPECT_EQ(word_at(file, folded, "migrate"), "migrate");

  const Command& quoted = *check.steps[2].run;
  EXPECT_EQ(quoted.text, "curl -H \"Host: a.example\" http://x/");
  EXPECT_EQ(word_at(file, quoted, "Host: a.example"), "Host: a.example");
  EXPECT_EQ(word_at(file, quoted, "http://x/"), "http://x/");

  const Command script = check.steps[3].with.at(0).as_command();
  expect_offsets_exact(file, script);
  EXPECT_EQ(word_at(file, script, "migrate"), "migrate");

  const WorkflowJob& call = workflow.jobs[1];
  EXPECT_EQ(call.uses, "./.github/workflows/release.yml");
  ASSERT_EQ(call.with.size(), 1u);
  EXPECT_EQ(call.with[0].value, "production");
}

TEST(CommandOffsets, DockerfileContinuationsAndExecForms) {
  const SourceFile file("Dockerfile", FileKind::Dockerfile,
                        "FROM python:3.11-slim\n"
                        "RUN pip install -r requirements.txt \\\n"
                        "    && python manage.py collectstatic --noinput\n"
                        "HEALTHCHECK --interval=5s \\\n"
                        "  CMD curl -f http://localhost:8000/healthz/ || exit 1\n"
                        "CMD [\"gunicorn\", \"shop.wsgi\", \"-b\", \"0.0.0.0:8000\"]\n");
  const Dockerfile dockerfile = read_dockerfile(file, 0);
  ASSERT_EQ(dockerfile.run.size(), 1u);
  EXPECT_EQ(word_at(file, dockerfile.run[0], "collectstatic"), "collectstatic");
  EXPECT_EQ(dockerfile.run[0]
                .span_of(file, dockerfile.run[0].text.find("python"),
                         dockerfile.run[0].text.find("python") + 6)
                .start.line,
            3u);
  ASSERT_EQ(dockerfile.healthcheck.size(), 1u);
  EXPECT_EQ(word_at(file, dockerfile.healthcheck[0], "http://localhost:8000/healthz/"),
            "http://localhost:8000/healthz/");
  ASSERT_EQ(dockerfile.start.size(), 1u);
  EXPECT_EQ(word_at(file, dockerfile.start[0], "0.0.0.0:8000"), "0.0.0.0:8000");
}

TEST(CommandOffsets, ComposeListsAndKubernetesCommands) {
  const SourceFile file("docker-compose.yml", FileKind::Compose,
                        "services:\n"
                        "  web:\n"
                        "    command: [\"gunicorn\", \"shop.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n"
                        "    ports: [\"8000:8000\"]\n"
                        "    healthcheck:\n"
                        "      test: [\"CMD-SHELL\", \"curl -f http://localhost:8000/up/\"]\n");
  const ComposeFile compose = read_compose(file, 0);
  ASSERT_EQ(compose.services.size(), 1u);
  const ComposeService& web = compose.services[0];
  EXPECT_EQ(web.ports, (std::vector<std::string>{"8000:8000"}));
  EXPECT_EQ(web.command->text, "gunicorn shop.wsgi --bind 0.0.0.0:8000");
  expect_offsets_exact(file, *web.command);
  EXPECT_EQ(word_at(file, *web.command, "--bind"), "--bind");
  EXPECT_EQ(word_at(file, *web.healthcheck, "http://localhost:8000/up/"),
            "http://localhost:8000/up/");

  const SourceFile manifest_file("k8s.yaml", FileKind::Yaml,
                                 "apiVersion: batch/v1\n"
                                 "kind: Job\n"
                                 "metadata: {name: migrate}\n"
                                 "spec:\n"
                                 "  template:\n"
                                 "    spec:\n"
                                 "      containers:\n"
                                 "        - name: migrate\n"
                                 "          command: [python, manage.py]\n"
                                 "          args:\n"
                                 "            - migrate\n"
                                 "            - --noinput\n");
  const KubernetesManifest manifest = read_kubernetes(manifest_file, 0);
  ASSERT_EQ(manifest.containers.size(), 1u);
  const Command& command = *manifest.containers[0].command;
  EXPECT_EQ(command.text, "python manage.py migrate --noinput");
  EXPECT_EQ(word_at(manifest_file, command, "migrate"), "migrate");
  EXPECT_EQ(
      command.span_of(manifest_file, command.text.find("migrate"), command.text.find("migrate") + 7)
          .start.line,
      11u);
}

}  // namespace
}  // namespace preflight::deploy
