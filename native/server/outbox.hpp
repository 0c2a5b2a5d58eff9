// outbox.hpp: mail leaves through the `outbox` table. Routes enqueue messages in the same
// transaction as the change that causes them; the OutboxPump's workers claim due messages
// (state `sending` + claimed_at), hand each to a Deliverer (a directory of .eml files, or an
// SMTP server through libcurl), and record every attempt with the server's reply. A failed
// attempt is retried with exponential backoff and jitter on the injected clock; a permanent
// refusal (SMTP 5xx) or the last attempt marks the message failed. A worker that dies while
// holding a claim loses it after the lease, so only unacknowledged messages are sent again,
// with the same Message-ID.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "clock.hpp"
#include "store.hpp"

namespace pcu::server {

struct DeliveryResult {
  enum class Outcome { sent, retry, failed } outcome = Outcome::retry;
  std::string reply;  // the server's last reply line, or the transport's error
};

class Deliverer {
 public:
  virtual ~Deliverer() = default;
  virtual DeliveryResult deliver(const OutboxMessage& message) = 0;
  // True when delivering a message again has the same effect as once (a file rewritten under
  // the same name): the pump then acknowledges a whole claimed batch in one transaction. An
  // SMTP server would receive a copy again, so SMTP messages are acknowledged one by one.
  virtual bool repeat_safe() const { return false; }
};

// One Deliverer per worker thread (a libcurl handle is not shared between threads).
using DelivererFactory = std::function<std::unique_ptr<Deliverer>()>;

struct RetryPolicy {
  std::int64_t first_delay = 30;   // seconds before the second attempt
  std::int64_t max_delay = 3600;   // the delay doubles up to this
  int max_attempts = 10;           // then the message is failed (1.5 to 3 hours after the first)
  std::int64_t lease = 300;        // seconds a claim lasts (longer than one SMTP transaction can)

  // Delay after the n-th failed attempt (n >= 1): first_delay * 2^(n-1), capped, then a
  // uniform jitter over its upper half so that a burst of failures does not retry in step.
  std::int64_t delay_after(int failed_attempts, double unit_random) const;
};

struct PumpOptions {
  std::size_t workers = 4;
  std::size_t claim = 8;                          // messages a worker claims at a time
  std::chrono::milliseconds poll{1000};           // how often an idle worker looks for due retries
  RetryPolicy retry;
};

class OutboxPump {
 public:
  OutboxPump(Store& store, const Clock& clock, DelivererFactory deliverers, PumpOptions options);
  ~OutboxPump();
  OutboxPump(const OutboxPump&) = delete;
  OutboxPump& operator=(const OutboxPump&) = delete;

  void wake();  // call after a commit that enqueued mail

 private:
  void run(Deliverer& deliverer);
  bool deliver_some(Deliverer& deliverer);  // false when nothing was due
  Store& store_;
  const Clock& clock_;
  PumpOptions options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakes_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace pcu::server
