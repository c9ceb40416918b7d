// Splits arbitrary bytes as a shell script and runs every recogniser on every command: no crash,
// no exception, no sanitizer report, and every place inside the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "deploy/shell/container_command.h"
#include "deploy/shell/http_request.h"
#include "deploy/shell/manage_command.h"
#include "deploy/shell/remote_command.h"
#include "deploy/shell/script.h"

namespace {

using namespace preflight::deploy::shell;

void check_places(const Script& script, std::string_view text) {
  for (const SimpleCommand& command : script.commands) {
    if (command.begin > command.end || command.end > text.size()) std::abort();
    for (const Word& word : command.words) {
      if (word.begin > word.end || word.end > text.size()) std::abort();
    }
  }
}

void recognise(const Script& script, std::string_view text, int depth) {
  check_places(script, text);
  for (const SimpleCommand& command : script.commands) {
    (void)http_request(command);
    (void)manage_command(command);
    if (const auto container = container_command(command)) {
      (void)http_request(container->inner);
      (void)manage_command(container->inner);
      if (depth < 3) {
        if (const auto inner = shell_c_script(container->inner, text)) {
          recognise(*inner, text, depth + 1);
        }
      }
    }
    if (depth < 3) {
      if (const auto remote = remote_command(command, text)) {
        recognise(remote->script, text, depth + 1);
      }
      if (const auto inner = shell_c_script(command, text)) recognise(*inner, text, depth + 1);
    }
    (void)next_joined(script, 0, Joiner::Or);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Script script = split_script(text, {{"HOST", "example.com"}, {"EMPTY", ""}});
  recognise(script, text, 0);
  return 0;
}
