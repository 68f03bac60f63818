#include "tools/csm/progress.h"

#include <unistd.h>

#include <cstdio>

namespace csm::cli {

Progress::Progress(std::string label)
    : label_(std::move(label)),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { Done(); }

void Progress::Update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  auto now = std::chrono::steady_clock::now();
  // Short inputs finish before anything is shown.
  if (now - start_ < std::chrono::milliseconds(500) ||
      now - last_ < std::chrono::milliseconds(200)) {
    return;
  }
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, "\r%s %3.0f %%", label_.c_str(), 100.0 * static_cast<double>(done) / total);
  std::fflush(stderr);
}

void Progress::Done() {
  if (shown_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size()) + 8, "");
  shown_ = false;
}

}  // namespace csm::cli
