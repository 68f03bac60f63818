// Progress on stderr for long inputs, only when stderr is a terminal.
#ifndef CSM_TOOLS_CSM_PROGRESS_H_
#define CSM_TOOLS_CSM_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <string>

namespace csm::cli {

class Progress {
 public:
  explicit Progress(std::string label);
  ~Progress();
  // Shows "label  42 %" at most every 200 ms; silent unless stderr is a tty.
  void Update(std::size_t done, std::size_t total);
  void Done();

 private:
  std::string label_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace csm::cli

#endif  // CSM_TOOLS_CSM_PROGRESS_H_
