// Commands run inside a container: `docker exec`, `docker compose exec|run` (and
// `docker-compose`, podman), `docker run IMAGE cmd`, `kubectl exec POD -- cmd`.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "deploy/shell/script.h"

namespace preflight::deploy::shell {

enum class ContainerKind { DockerExec, ComposeExec, ComposeRun, DockerRun, KubectlExec };

struct ContainerCommand {
  ContainerKind kind = ContainerKind::DockerExec;
  // The container (docker exec), service (compose), image (docker run) or pod (kubectl).
  Word target;
  // `-e K=V` / `--env K=V` / `--env=K=V`; `-e K` passes the caller's value: non-literal, empty.
  std::vector<Assignment> env;
  // `--entrypoint X` of docker run / compose run.
  std::optional<Word> entrypoint;
  // The command run in the container: the words after the target (after `--` for kubectl),
  // behind the `--entrypoint` when one is given, with `env` as its assignments so that
  // recognisers see them. It spans from its first word to the end of the outer command, with the
  // outer command's group, parent and joiner. No words when the image's default command runs.
  SimpleCommand inner;
};

std::optional<ContainerCommand> container_command(const SimpleCommand& command);

}  // namespace preflight::deploy::shell
