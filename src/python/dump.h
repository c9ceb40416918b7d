// CPython 3.11's `ast.dump(node)` and `ast.dump(node, include_attributes=True)`, byte for byte.
#pragma once

#include <string>
#include <string_view>

#include "python/ast.h"
#include "python/parser.h"

namespace preflight::python {

std::string dump(const Node& node, bool include_attributes = false);

// What `preflight debug ast` prints for one file: the dump of `ast.parse(bytes)` and a newline,
// or "SyntaxError: <message> (<path>, line N)" and a newline when it does not parse.
std::string dump_file(std::string_view bytes, std::string_view path, bool include_attributes,
                      const ParseOptions& options = {});

}  // namespace preflight::python
