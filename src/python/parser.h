// Python source to AST, following CPython's PEG grammar (Grammar/python.gram) with a hand-written
// recursive-descent parser.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "python/arena.h"
#include "python/ast.h"
#include "python/token.h"

namespace preflight::python {

struct ParseOptions {
  // Target Python 3.N: newer syntax is an error "... requires Python 3.N".
  int minor_version = 11;
};

// A parsed file: owns the arena of nodes and the source text the nodes' views point into.
struct ParsedModule {
  Arena arena;
  std::string source;      // UTF-8 with "\n" line ends
  Node* module = nullptr;  // null when `error` is set
  std::optional<SyntaxError> error;
};

// Parses UTF-8 source (already decoded from its PEP 263 encoding) as a module.
std::unique_ptr<ParsedModule> parse_module(std::string_view source,
                                           const ParseOptions& options = {});

// Source bytes as `ast.parse(bytes)` takes them: PEP 263 decoding first, then parse_module.
std::unique_ptr<ParsedModule> parse_module_bytes(std::string_view bytes,
                                                 const ParseOptions& options = {});

}  // namespace preflight::python
