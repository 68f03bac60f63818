// Runs a test body on a thread with a small stack, as an embedder's worker
// thread may have: input that makes the library recurse per nesting level
// crashes there long before it would on the main thread's 8 MiB.
#ifndef CSM_TESTS_TESTING_SMALL_STACK_H_
#define CSM_TESTS_TESTING_SMALL_STACK_H_

#include <pthread.h>

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

namespace csm::testing {

inline constexpr std::size_t kSmallStackBytes = 256 * 1024;

// Runs `body` on a new thread whose stack is `stack_bytes`, and waits for it.
inline void RunOnSmallStack(const std::function<void()>& body,
                            std::size_t stack_bytes = kSmallStackBytes) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  const int error = pthread_create(&thread, &attr, run, const_cast<std::function<void()>*>(&body));
  pthread_attr_destroy(&attr);
  if (error != 0) throw std::runtime_error("pthread_create failed: " + std::to_string(error));
  pthread_join(thread, nullptr);
}

// "[[[...1...]]]" nested `depth` deep, and the same with objects.
inline std::string DeepArray(std::size_t depth) {
  return std::string(depth, '[') + "1" + std::string(depth, ']');
}
inline std::string DeepObject(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(depth, '}');
  return s;
}

}  // namespace csm::testing

#endif  // CSM_TESTS_TESTING_SMALL_STACK_H_
