#include "deploy/shell/http_request.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/ascii.h"

namespace preflight::deploy::shell {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<double> to_seconds(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

void set_url(HttpRequest& request, const Word& word, std::string_view default_scheme) {
  request.url = word.text;
  request.url_literal = word.literal;
  request.url_begin = word.begin;
  request.url_end = word.end;
  if (!word.literal) return;
  std::string_view rest = word.text;
  const std::size_t separator = rest.find("://");
  if (separator != std::string_view::npos) {
    request.scheme = ascii_lower(rest.substr(0, separator));
    rest.remove_prefix(separator + 3);
  } else {
    request.scheme = std::string(default_scheme);
  }
  const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path = rest.substr(authority_end);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8000
    const std::size_t close = authority.find(']');
    if (close != std::string_view::npos) {
      request.host = std::string(authority.substr(0, close + 1));
      if (close + 1 < authority.size() && authority[close + 1] == ':') {
        port = authority.substr(close + 2);
      }
    } else {
      request.host = std::string(authority);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    request.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (!port.empty()) request.port = to_int(port);
  path = path.substr(0, std::min(path.find_first_of("?#"), path.size()));
  request.path = path.empty() ? "/" : std::string(path);
}

void add_header(HttpRequest& request, const Word& word, std::string_view written) {
  const std::size_t colon = written.find(':');
  HttpHeader header;
  header.name = std::string(trim(written.substr(0, colon)));
  if (colon != std::string_view::npos) header.value = std::string(trim(written.substr(colon + 1)));
  header.begin = word.begin;
  header.end = word.end;
  header.literal = word.literal;
  request.headers.push_back(std::move(header));
}

// An option's value: the rest of a short group (`-m5`), after `=` of a long one, else the next
// word. `i` is left on the last word used.
struct Value {
  std::string text;
  const Word* word = nullptr;
};

std::optional<Value> next_value(const std::vector<Word>& words, std::size_t& i) {
  if (i + 1 >= words.size()) return {};
  ++i;
  return Value{words[i].text, &words[i]};
}

// A group of short options (`-sSfL`, `-m5`, `-o out`): each is a flag until the first that takes
// a value, which takes the rest of the word or, when nothing is left, the next word.
template <class Flag, class Apply>
void short_options(std::string_view word, std::string_view with_value,
                   const std::vector<Word>& words, std::size_t& i, Flag flag, Apply apply) {
  for (std::size_t c = 1; c < word.size(); ++c) {
    const std::string_view option = word.substr(c, 1);
    if (with_value.find(word[c]) == std::string_view::npos) {
      flag(option);
      continue;
    }
    if (c + 1 < word.size()) {
      apply(option, Value{std::string(word.substr(c + 1)), &words[i]});
    } else if (std::optional<Value> value = next_value(words, i)) {
      apply(option, *value);
    }
    return;
  }
}

std::optional<HttpRequest> curl(const SimpleCommand& command, std::size_t first) {
  const std::vector<Word>& words = command.words;
  HttpRequest request;
  request.tool = HttpTool::Curl;
  std::optional<std::string> explicit_method;
  bool has_data = false;
  bool get = false;
  bool head = false;
  bool upload = false;
  const Word* url = nullptr;

  const auto apply = [&](std::string_view option, const Value& value) {
    if (option == "H" || option == "header") {
      add_header(request, *value.word, value.text);
    } else if (option == "X" || option == "request") {
      explicit_method = value.text;
    } else if (option == "d" || option.starts_with("data") || option == "json" || option == "F" ||
               option == "form" || option == "form-string") {
      has_data = true;
    } else if (option == "T" || option == "upload-file") {
      upload = true;
    } else if (option == "w" || option == "write-out") {
      request.write_out = value.text;
    } else if (option == "o" || option == "output") {
      request.output = value.text;
    } else if (option == "m" || option == "max-time") {
      request.max_time = to_seconds(value.text);
    } else if (option == "connect-timeout") {
      request.connect_timeout = to_seconds(value.text);
    } else if (option == "retry") {
      request.retries = to_int(value.text);
    } else if (option == "resolve") {
      request.resolve.push_back(value.text);
    } else if (option == "url" && url == nullptr) {
      url = value.word;
    }
  };
  const auto flag = [&](std::string_view option) {
    if (option == "L" || option == "location" || option == "location-trusted") {
      request.follows_redirects = true;
    } else if (option == "f" || option == "fail" || option == "fail-with-body") {
      request.fails_on_http_error = true;
    } else if (option == "k" || option == "insecure") {
      request.insecure = true;
    } else if (option == "I" || option == "head") {
      head = true;
    } else if (option == "G" || option == "get") {
      get = true;
    } else if (option == "O" || option == "remote-name") {
      request.output = "";  // the URL's file name
    }
  };
  // Long options that take a value; the others are flags (curl's `--no-…` included).
  static constexpr std::string_view kLongWithValue[] = {"header",
                                                        "request",
                                                        "data",
                                                        "data-raw",
                                                        "data-binary",
                                                        "data-urlencode",
                                                        "data-ascii",
                                                        "json",
                                                        "form",
                                                        "form-string",
                                                        "upload-file",
                                                        "write-out",
                                                        "output",
                                                        "max-time",
                                                        "connect-timeout",
                                                        "retry",
                                                        "retry-delay",
                                                        "retry-max-time",
                                                        "resolve",
                                                        "user",
                                                        "user-agent",
                                                        "cookie",
                                                        "cookie-jar",
                                                        "referer",
                                                        "cert",
                                                        "cacert",
                                                        "key",
                                                        "proxy",
                                                        "url",
                                                        "config",
                                                        "range",
                                                        "dump-header",
                                                        "interface",
                                                        "limit-rate",
                                                        "max-redirs",
                                                        "unix-socket",
                                                        "stderr",
                                                        "trace",
                                                        "trace-ascii",
                                                        "connect-to",
                                                        "proto",
                                                        "proto-redir",
                                                        "oauth2-bearer",
                                                        "noproxy",
                                                        "ciphers",
                                                        "expect100-timeout",
                                                        "keepalive-time",
                                                        "max-filesize",
                                                        "speed-limit",
                                                        "speed-time",
                                                        "time-cond",
                                                        "quote",
                                                        "continue-at",
                                                        "output-dir",
                                                        "capath",
                                                        "cert-type",
                                                        "key-type",
                                                        "pass",
                                                        "proxy-user",
                                                        "socks5",
                                                        "socks5-hostname",
                                                        "variable",
                                                        "expand-url",
                                                        "aws-sigv4",
                                                        "dns-servers"};
  static constexpr std::string_view kShortWithValue = "owHXdFmuAbceExTKrDYyzQCtP";

  bool options_done = false;
  for (std::size_t i = first + 1; i < words.size(); ++i) {
    const std::string_view word = words[i].text;
    if (options_done || word.size() < 2 || word[0] != '-') {
      if (url == nullptr) url = &words[i];
      continue;
    }
    if (word == "--") {
      options_done = true;
    } else if (word.starts_with("--")) {
      std::string_view option = word.substr(2);
      const std::size_t equals = option.find('=');
      if (equals != std::string_view::npos) {
        apply(option.substr(0, equals), Value{std::string(option.substr(equals + 1)), &words[i]});
        continue;
      }
      if (std::find(std::begin(kLongWithValue), std::end(kLongWithValue), option) !=
          std::end(kLongWithValue)) {
        if (std::optional<Value> value = next_value(words, i)) apply(option, *value);
      } else {
        flag(option);
      }
    } else {
      short_options(word, kShortWithValue, words, i, flag, apply);
    }
  }
  if (url == nullptr) return {};
  set_url(request, *url, "http");
  if (explicit_method) {
    request.method = *explicit_method;
  } else if (head) {
    request.method = "HEAD";
  } else if (upload) {
    request.method = "PUT";
  } else if (has_data && !get) {
    request.method = "POST";
  }
  return request;
}

std::optional<HttpRequest> wget(const SimpleCommand& command, std::size_t first) {
  const std::vector<Word>& words = command.words;
  HttpRequest request;
  request.tool = HttpTool::Wget;
  request.follows_redirects = true;  // up to 20, unless --max-redirect=0
  request.fails_on_http_error = true;
  const Word* url = nullptr;
  std::optional<std::string> explicit_method;
  bool post = false;
  bool spider = false;

  const auto apply = [&](std::string_view option, const Value& value) {
    if (option == "header") {
      add_header(request, *value.word, value.text);
    } else if (option == "method") {
      explicit_method = value.text;
    } else if (option == "post-data" || option == "post-file") {
      post = true;
    } else if (option == "O" || option == "output-document") {
      request.output = value.text;
    } else if (option == "T" || option == "timeout") {
      request.max_time = to_seconds(value.text);
      request.connect_timeout = request.max_time;
    } else if (option == "read-timeout") {
      request.max_time = to_seconds(value.text);
    } else if (option == "connect-timeout") {
      request.connect_timeout = to_seconds(value.text);
    } else if (option == "t" || option == "tries") {
      request.retries = to_int(value.text);
    } else if (option == "max-redirect") {
      request.follows_redirects = value.text != "0";
    }
  };
  static constexpr std::string_view kLongWithValue[] = {
      "output-document", "output-file",    "append-output", "timeout",          "tries",
      "header",          "method",         "body-data",     "body-file",        "post-data",
      "post-file",       "user-agent",     "user",          "password",         "wait",
      "connect-timeout", "read-timeout",   "dns-timeout",   "directory-prefix", "execute",
      "max-redirect",    "input-file",     "base",          "referer",          "load-cookies",
      "save-cookies",    "ca-certificate", "certificate",   "private-key",      "quota",
      "level",           "accept",         "reject",        "domains",          "limit-rate",
      "bind-address",    "ciphers",        "http-user",     "http-password",    "waitretry"};
  static constexpr std::string_view kShortWithValue = "OoaTtUwPeiBQlARDXIn";

  bool options_done = false;
  for (std::size_t i = first + 1; i < words.size(); ++i) {
    const std::string_view word = words[i].text;
    if (options_done || word.size() < 2 || word[0] != '-') {
      if (url == nullptr) url = &words[i];
      continue;
    }
    if (word == "--") {
      options_done = true;
    } else if (word.starts_with("--")) {
      const std::string_view option = word.substr(2);
      const std::size_t equals = option.find('=');
      if (equals != std::string_view::npos) {
        apply(option.substr(0, equals), Value{std::string(option.substr(equals + 1)), &words[i]});
      } else if (std::find(std::begin(kLongWithValue), std::end(kLongWithValue), option) !=
                 std::end(kLongWithValue)) {
        if (std::optional<Value> value = next_value(words, i)) apply(option, *value);
      } else if (option == "spider") {
        spider = true;
      } else if (option == "no-check-certificate") {
        request.insecure = true;
      }
    } else {
      // wget's short flags (-q, -S, …) change nothing a rule reads.
      short_options(
          word, kShortWithValue, words, i, [](std::string_view) {}, apply);
    }
  }
  if (url == nullptr) return {};
  set_url(request, *url, "http");
  if (explicit_method) {
    request.method = *explicit_method;
  } else if (post) {
    request.method = "POST";
  } else if (spider) {
    request.method = "HEAD";
  }
  return request;
}

bool is_method(std::string_view word) {
  return !word.empty() &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::optional<HttpRequest> httpie(const SimpleCommand& command, std::size_t first) {
  const std::vector<Word>& words = command.words;
  HttpRequest request;
  request.tool = HttpTool::Httpie;
  const std::string_view default_scheme =
      base_name(words[first].text) == "https" ? "https" : "http";
  static constexpr std::string_view kWithValue[] = {"--timeout",
                                                    "--print",
                                                    "-p",
                                                    "--auth",
                                                    "-a",
                                                    "--output",
                                                    "-o",
                                                    "--session",
                                                    "--pretty",
                                                    "--style",
                                                    "-s",
                                                    "--max-redirects",
                                                    "--auth-type",
                                                    "-A",
                                                    "--verify",
                                                    "--cert",
                                                    "--cert-key",
                                                    "--proxy",
                                                    "--session-read-only",
                                                    "--format-options",
                                                    "--response-charset",
                                                    "--response-mime",
                                                    "--default-scheme"};
  std::optional<std::string> method;
  bool has_data = false;
  const Word* url = nullptr;
  for (std::size_t i = first + 1; i < words.size(); ++i) {
    const std::string_view word = words[i].text;
    if (word.size() > 1 && word[0] == '-' && url == nullptr) {
      const std::size_t equals = word.find('=');
      const std::string_view option = word.substr(0, equals);
      std::optional<std::string> value;
      if (equals != std::string_view::npos) {
        value = std::string(word.substr(equals + 1));
      } else if (std::find(std::begin(kWithValue), std::end(kWithValue), option) !=
                 std::end(kWithValue)) {
        if (std::optional<Value> next = next_value(words, i)) value = next->text;
      }
      if (option == "--follow" || option == "-F") request.follows_redirects = true;
      if (option == "--check-status") request.fails_on_http_error = true;
      if (option == "--timeout" && value) request.max_time = to_seconds(*value);
      if (option == "--verify" && value) request.insecure = *value == "no" || *value == "false";
      if ((option == "--output" || option == "-o") && value) request.output = value;
      if (option == "--form" || option == "-f") has_data = true;
      continue;
    }
    if (url == nullptr) {
      if (!method && is_method(word) && i + 1 < words.size()) {
        method = std::string(word);
        continue;
      }
      url = &words[i];
      continue;
    }
    // Request items: the first separator decides (`==` query, `:=` / `=` data, `:` header).
    const std::size_t separator = word.find_first_of(":=@");
    if (separator == std::string_view::npos) continue;
    if (word[separator] == ':' && (separator + 1 >= word.size() || word[separator + 1] != '=')) {
      add_header(request, words[i], word);
    } else if (word[separator] == '=' && word.substr(separator, 2) == "==") {
      continue;
    } else {
      has_data = true;
    }
  }
  if (url == nullptr) return {};
  if (url->literal && url->text.starts_with(":")) {  // `:8000/x` is localhost
    Word local = *url;
    local.text = "localhost" + local.text;
    set_url(request, local, default_scheme);
    request.url = url->text;
  } else {
    set_url(request, *url, default_scheme);
  }
  request.method = method ? *method : (has_data ? "POST" : "GET");
  return request;
}

}  // namespace

const HttpHeader* HttpRequest::header(std::string_view name) const {
  for (const HttpHeader& candidate : headers) {
    if (equals_ignoring_ascii_case(candidate.name, name)) return &candidate;
  }
  return nullptr;
}

std::optional<HttpRequest> http_request(const SimpleCommand& command) {
  const std::size_t first = program_index(command);
  if (first >= command.words.size()) return {};
  const std::string_view program = base_name(command.words[first].text);
  std::optional<HttpRequest> request;
  if (program == "curl") {
    request = curl(command, first);
  } else if (program == "wget") {
    request = wget(command, first);
  } else if (program == "http" || program == "https" || program == "httpie") {
    request = httpie(command, first);
  }
  if (request) {
    request->begin = command.begin;
    request->end = command.end;
  }
  return request;
}

}  // namespace preflight::deploy::shell
