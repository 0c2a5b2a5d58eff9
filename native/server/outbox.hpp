// outbox.hpp: mail leaves through the `outbox` table. Routes enqueue messages in the same
// transaction as the change that causes them; an OutboxPump thread hands committed messages
// to a Deliverer (a directory of .eml files today, SMTP later) and marks them delivered.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "clock.hpp"
#include "store.hpp"

namespace pcu::server {

class Deliverer {
 public:
  virtual ~Deliverer() = default;
  // True when the message left; false to try again later.
  virtual bool deliver(const OutboxMessage& message) = 0;
};

class OutboxPump {
 public:
  OutboxPump(Store& store, const Clock& clock, std::unique_ptr<Deliverer> deliverer);
  ~OutboxPump();
  OutboxPump(const OutboxPump&) = delete;
  OutboxPump& operator=(const OutboxPump&) = delete;

  void wake();  // call after a commit that enqueued mail

 private:
  void run();
  Store& store_;
  const Clock& clock_;
  std::unique_ptr<Deliverer> deliverer_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool pending_ = true;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pcu::server
