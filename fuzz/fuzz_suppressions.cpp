// Scans arbitrary text for `# noqa` comments as every file kind that has them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/source.h"
#include "core/suppression.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto kind : {preflight::FileKind::Python, preflight::FileKind::Workflow,
                          preflight::FileKind::Dockerfile, preflight::FileKind::Toml}) {
    const preflight::SourceFile file("fuzz", kind, text);
    const preflight::Suppressions suppressions = preflight::Suppressions::scan(file);
    for (std::uint32_t line = 0; line <= file.line_count() + 1; ++line) {
      (void)suppressions.suppresses(line, "PF101");
    }
  }
  return 0;
}
