#include "deploy/shell/container_command.h"

#include <algorithm>
#include <string>

namespace preflight::deploy::shell {
namespace {

bool contains(std::initializer_list<std::string_view> list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Options of the docker and compose commands that take a value; any other option is a flag.
// Short options that take a value, for grouped flags such as `-it` or `-itu root`.
constexpr std::string_view kShortWithValue = "eupvwlmhcaH";
const std::initializer_list<std::string_view> kLongWithValue = {"--env",
                                                                "--env-file",
                                                                "--user",
                                                                "--workdir",
                                                                "--detach-keys",
                                                                "--index",
                                                                "--entrypoint",
                                                                "--label",
                                                                "--name",
                                                                "--publish",
                                                                "--volume",
                                                                "--network",
                                                                "--net",
                                                                "--mount",
                                                                "--add-host",
                                                                "--hostname",
                                                                "--cpus",
                                                                "--memory",
                                                                "--restart",
                                                                "--log-driver",
                                                                "--log-opt",
                                                                "--platform",
                                                                "--pull",
                                                                "--health-cmd",
                                                                "--health-interval",
                                                                "--health-timeout",
                                                                "--health-retries",
                                                                "--health-start-period",
                                                                "--ulimit",
                                                                "--cap-add",
                                                                "--cap-drop",
                                                                "--device",
                                                                "--dns",
                                                                "--link",
                                                                "--volumes-from",
                                                                "--tmpfs",
                                                                "--shm-size",
                                                                "--gpus",
                                                                "--ipc",
                                                                "--pid",
                                                                "--runtime",
                                                                "--security-opt",
                                                                "--stop-signal",
                                                                "--stop-timeout",
                                                                "--sysctl",
                                                                "--cidfile",
                                                                "--label-file",
                                                                "--expose",
                                                                "--network-alias",
                                                                "--memory-swap",
                                                                "--cpu-shares",
                                                                "--cpuset-cpus",
                                                                "--attach",
                                                                "--group-add",
                                                                "--userns",
                                                                "--uts",
                                                                "--ip",
                                                                "--ip6",
                                                                "--mac-address",
                                                                "--pids-limit",
                                                                "--memory-reservation",
                                                                "--cpu-period",
                                                                "--cpu-quota",
                                                                "--domainname",
                                                                "--dns-option",
                                                                "--dns-search",
                                                                "--cgroupns",
                                                                "--cgroup-parent",
                                                                "--isolation",
                                                                "--storage-opt"};
// Global options before the docker or compose subcommand.
const std::initializer_list<std::string_view> kGlobalWithValue = {"-H",
                                                                  "--host",
                                                                  "-c",
                                                                  "--context",
                                                                  "--config",
                                                                  "-l",
                                                                  "--log-level",
                                                                  "-f",
                                                                  "--file",
                                                                  "-p",
                                                                  "--project-name",
                                                                  "--profile",
                                                                  "--env-file",
                                                                  "--project-directory",
                                                                  "--ansi",
                                                                  "--progress",
                                                                  "--parallel",
                                                                  "--tlscacert",
                                                                  "--tlscert",
                                                                  "--tlskey"};

Assignment env_assignment(const Word& word, std::string_view value) {
  Assignment assignment;
  const std::size_t equals = value.find('=');
  assignment.name = std::string(value.substr(0, equals));
  assignment.value = word;
  if (equals == std::string_view::npos) {
    assignment.value.text.clear();
    assignment.value.literal = false;  // the caller's value
  } else {
    assignment.value.text = std::string(value.substr(equals + 1));
  }
  return assignment;
}

// Reads docker-style options from words[i]; returns the index of the first operand.
std::size_t read_options(const std::vector<Word>& words, std::size_t i,
                         std::vector<Assignment>& env, std::optional<Word>& entrypoint) {
  while (i < words.size()) {
    const std::string_view word = words[i].text;
    if (word == "--") return i + 1;
    if (word.size() < 2 || word[0] != '-') return i;
    if (word.starts_with("--")) {
      const std::size_t equals = word.find('=');
      const std::string_view option = word.substr(0, equals);
      if (equals != std::string_view::npos) {
        if (option == "--env") env.push_back(env_assignment(words[i], word.substr(equals + 1)));
        if (option == "--entrypoint") {
          entrypoint = words[i];
          entrypoint->text = std::string(word.substr(equals + 1));
        }
        ++i;
      } else if (contains(kLongWithValue, option) || contains(kGlobalWithValue, option)) {
        if (option == "--env" && i + 1 < words.size()) {
          env.push_back(env_assignment(words[i + 1], words[i + 1].text));
        }
        if (option == "--entrypoint" && i + 1 < words.size()) entrypoint = words[i + 1];
        i += 2;
      } else {
        ++i;
      }
      continue;
    }
    // A group of short options; the first that takes a value takes the rest or the next word.
    std::size_t next = i + 1;
    for (std::size_t c = 1; c < word.size(); ++c) {
      if (kShortWithValue.find(word[c]) == std::string_view::npos) continue;
      if (c + 1 < word.size()) {
        if (word[c] == 'e') env.push_back(env_assignment(words[i], word.substr(c + 1)));
      } else if (i + 1 < words.size()) {
        if (word[c] == 'e') env.push_back(env_assignment(words[i + 1], words[i + 1].text));
        next = i + 2;
      }
      break;
    }
    i = next;
  }
  return i;
}

std::size_t skip_global_options(const std::vector<Word>& words, std::size_t i) {
  while (i < words.size() && words[i].text.size() > 1 && words[i].text[0] == '-') {
    const std::string_view word = words[i].text;
    i += (contains(kGlobalWithValue, word) && word.find('=') == std::string_view::npos) ? 2 : 1;
  }
  return i;
}

std::optional<ContainerCommand> kubectl_exec(const SimpleCommand& command, std::size_t i) {
  const std::vector<Word>& words = command.words;
  static const std::initializer_list<std::string_view> kWithValue = {"-n",
                                                                     "--namespace",
                                                                     "-c",
                                                                     "--container",
                                                                     "--context",
                                                                     "--kubeconfig",
                                                                     "-f",
                                                                     "--filename",
                                                                     "--pod-running-timeout",
                                                                     "-s",
                                                                     "--server",
                                                                     "--cluster",
                                                                     "--user",
                                                                     "--as",
                                                                     "--token",
                                                                     "--request-timeout"};
  ContainerCommand container;
  container.kind = ContainerKind::KubectlExec;
  bool found_exec = false;
  bool found_pod = false;
  for (; i < words.size(); ++i) {
    const std::string_view word = words[i].text;
    if (word == "--") {
      ++i;
      break;
    }
    if (word.size() > 1 && word[0] == '-') {
      if (contains(kWithValue, word)) ++i;
    } else if (!found_exec) {
      if (word != "exec") return {};
      found_exec = true;
    } else if (!found_pod) {
      container.target = words[i];
      found_pod = true;
    }
  }
  if (!found_pod) return {};
  container.inner.words.assign(
      words.begin() + static_cast<std::ptrdiff_t>(std::min(i, words.size())), words.end());
  return container;
}

}  // namespace

std::optional<ContainerCommand> container_command(const SimpleCommand& command) {
  const std::vector<Word>& words = command.words;
  std::size_t i = program_index(command);
  if (i >= words.size()) return {};
  const std::string_view program = base_name(words[i].text);
  ContainerCommand container;
  std::optional<ContainerCommand> result;
  if (program == "kubectl" || program == "oc") {
    result = kubectl_exec(command, i + 1);
  } else {
    bool compose = program == "docker-compose" || program == "podman-compose";
    if (!compose && program != "docker" && program != "podman") return {};
    i = skip_global_options(words, i + 1);
    if (!compose && i < words.size() && words[i].text == "compose") {
      compose = true;
      i = skip_global_options(words, i + 1);
    }
    if (!compose && i + 1 < words.size() && words[i].text == "container")
      ++i;  // docker container exec
    if (i >= words.size()) return {};
    const std::string_view subcommand = words[i].text;
    if (compose && subcommand == "exec") {
      container.kind = ContainerKind::ComposeExec;
    } else if (compose && subcommand == "run") {
      container.kind = ContainerKind::ComposeRun;
    } else if (!compose && subcommand == "exec") {
      container.kind = ContainerKind::DockerExec;
    } else if (!compose && subcommand == "run") {
      container.kind = ContainerKind::DockerRun;
    } else {
      return {};
    }
    i = read_options(words, i + 1, container.env, container.entrypoint);
    if (i >= words.size()) return {};
    container.target = words[i];
    if (container.entrypoint && !container.entrypoint->text.empty()) {
      container.inner.words.push_back(*container.entrypoint);
    }
    container.inner.words.insert(container.inner.words.end(),
                                 words.begin() + static_cast<std::ptrdiff_t>(i) + 1, words.end());
    result = std::move(container);
  }
  if (!result) return {};
  SimpleCommand& inner = result->inner;
  inner.assignments = result->env;
  inner.group = command.group;
  inner.parent = command.parent;
  inner.joined_by = command.joined_by;
  inner.begin =
      inner.words.empty() ? command.end : std::min(inner.words.front().begin, command.end);
  inner.end = command.end;
  return result;
}

}  // namespace preflight::deploy::shell
