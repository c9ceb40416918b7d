#include "deploy/shell/remote_command.h"

#include <charconv>

namespace preflight::deploy::shell {
namespace {

std::optional<int> to_port(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

// ssh's options that take a value (ssh(1) synopsis).
constexpr std::string_view kWithValue = "BbcDEeFIiJLlmOopQRSWw";

}  // namespace

std::optional<RemoteCommand> remote_command(const SimpleCommand& command, std::string_view text,
                                            const Variables& remote_known) {
  const std::vector<Word>& words = command.words;
  std::size_t i = program_index(command);
  if (i >= words.size() || base_name(words[i].text) != "ssh") return {};
  RemoteCommand remote;
  for (++i; i < words.size(); ++i) {
    const std::string_view word = words[i].text;
    if (word == "--") {
      ++i;
      break;
    }
    if (word.size() < 2 || word[0] != '-') break;
    for (std::size_t c = 1; c < word.size(); ++c) {
      if (kWithValue.find(word[c]) == std::string_view::npos) continue;
      std::string_view value;
      if (c + 1 < word.size()) {
        value = word.substr(c + 1);
      } else if (i + 1 < words.size()) {
        value = words[++i].text;
      }
      if (word[c] == 'p') remote.port = to_port(value);
      if (word[c] == 'l') remote.user = std::string(value);
      if (word[c] == 'o' && (value.starts_with("Port=") || value.starts_with("Port "))) {
        remote.port = to_port(value.substr(5));
      }
      break;
    }
  }
  if (i >= words.size()) return {};
  remote.destination = words[i];
  std::string_view destination = words[i].text;
  if (destination.starts_with("ssh://")) {
    destination.remove_prefix(6);
    const std::size_t colon = destination.rfind(':');
    if (colon != std::string_view::npos && destination.find(']', colon) == std::string_view::npos) {
      remote.port = to_port(destination.substr(colon + 1));
      destination = destination.substr(0, colon);
    }
  }
  if (const std::size_t at = destination.rfind('@'); at != std::string_view::npos) {
    remote.user = std::string(destination.substr(0, at));
    destination.remove_prefix(at + 1);
  }
  remote.host = std::string(destination);

  const std::vector<Word> script_words(words.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                       words.end());
  if (!script_words.empty()) {
    for (const Word& word : script_words) {
      if (!remote.script_text.empty()) remote.script_text += ' ';
      remote.script_text += word.text;
    }
    remote.script = split_words_as_script(script_words, text, remote_known);
  } else if (!command.here_documents.empty()) {
    // `ssh host <<'EOF'`: the remote shell reads its script from standard input.
    const HereDocument& document = command.here_documents.back();
    remote.script_text = document.body;
    remote.script = split_range(text, document.begin, document.end, remote_known);
  }
  return remote;
}

}  // namespace preflight::deploy::shell
