// HTTP requests made from shell commands: curl, wget and httpie, with what each option means for
// the request (method, headers, redirects, failure on HTTP errors, output format, timeouts).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deploy/shell/script.h"

namespace preflight::deploy::shell {

enum class HttpTool { Curl, Wget, Httpie };

struct HttpHeader {
  std::string name;  // as written, without surrounding blanks
  std::string value;
  std::size_t begin = 0;  // the word that holds the header (`-H 'Host: x'` → `'Host: x'`)
  std::size_t end = 0;
  bool literal = true;
};

struct HttpRequest {
  HttpTool tool = HttpTool::Curl;
  std::string url;  // the URL word's text
  bool url_literal = true;
  std::size_t url_begin = 0;  // the URL word as written
  std::size_t url_end = 0;
  // The URL's parts when it is literal. A URL without a scheme gets the tool's default (http,
  // https for `https` of httpie); httpie's `:8000/x` is localhost.
  std::string scheme;
  std::string host;
  std::optional<int> port;  // only when written
  std::string path;         // from the first `/`, without query or fragment; "/" when empty
  std::string method = "GET";
  std::vector<HttpHeader> headers;
  bool follows_redirects = false;
  bool fails_on_http_error = false;      // a 4xx/5xx answer makes the exit status non-zero
  bool insecure = false;                 // TLS certificates are not checked
  std::optional<std::string> write_out;  // curl `-w`: printed after the transfer, even on failure
  std::optional<std::string> output;     // `-o` / `-O` target
  std::optional<double> max_time;        // seconds for the whole request (wget: per read)
  std::optional<double> connect_timeout;
  std::optional<int> retries;
  std::vector<std::string> resolve;  // curl `--resolve HOST:PORT:ADDR`: the host name is kept
  std::size_t begin = 0;             // the command
  std::size_t end = 0;

  // The header named `name` (case-insensitive), nullptr when not given.
  const HttpHeader* header(std::string_view name) const;
};

// The request the command makes (after `sudo`, `timeout 5` and the like), nullopt when it is not
// curl, wget or httpie or names no URL.
std::optional<HttpRequest> http_request(const SimpleCommand& command);

}  // namespace preflight::deploy::shell
