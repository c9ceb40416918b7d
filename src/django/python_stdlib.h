// The top-level modules of Python's standard library, as `sys.stdlib_module_names` lists them.
#pragma once

#include <span>
#include <string_view>

namespace preflight::django {

// Sorted (byte order), as `sorted(sys.stdlib_module_names)` of CPython 3.11.
std::span<const std::string_view> stdlib_module_names();

// `dotted`'s top-level package is a standard-library module ("os.path", "__future__").
bool is_stdlib_module(std::string_view dotted);

}  // namespace preflight::django
