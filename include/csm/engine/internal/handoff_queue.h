// HandoffQueue: hands items from one thread to another, first in first out.
// Pop waits for an item; Close wakes every waiter and makes Pop return
// nullopt once the queue is empty. The queue itself is unbounded: callers
// bound it by circulating a fixed set of items (e.g. batch buffers) through
// a pair of queues, one of full items and one of empty ones.
#ifndef CSM_ENGINE_INTERNAL_HANDOFF_QUEUE_H_
#define CSM_ENGINE_INTERNAL_HANDOFF_QUEUE_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace csm {

template <typename T>
class HandoffQueue {
 public:
  // Adds `item` unless the queue is closed; returns whether it was added.
  bool Push(T item) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_) return false;
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
    return true;
  }

  // The oldest item, waiting for one; nullopt when closed and empty.
  std::optional<T> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  // No more pushes; items already queued can still be popped.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_HANDOFF_QUEUE_H_
