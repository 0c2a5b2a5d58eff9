#include "outbox.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace pcu::server {

std::int64_t RetryPolicy::delay_after(int failed_attempts, double unit_random) const {
  std::int64_t delay = first_delay;
  for (int i = 1; i < failed_attempts && delay < max_delay; ++i) delay *= 2;
  delay = std::min(delay, max_delay);
  return delay / 2 + static_cast<std::int64_t>(unit_random * static_cast<double>(delay - delay / 2));
}

OutboxPump::OutboxPump(Store& store, const Clock& clock, DelivererFactory deliverers, PumpOptions options)
    : store_(store), clock_(clock), options_(options) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.workers); ++i) {
    std::shared_ptr<Deliverer> deliverer = deliverers();
    threads_.emplace_back([this, deliverer] { run(*deliverer); });
  }
}

OutboxPump::~OutboxPump() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void OutboxPump::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  cv_.notify_all();
}

void OutboxPump::run(Deliverer& deliverer) {
  std::uint64_t seen = 0;
  while (true) {
    bool busy = false;
    try {
      busy = deliver_some(deliverer);
    } catch (const std::exception& e) {
      spdlog::error("outbox: {}", e.what());
    }
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (busy) continue;
    // Sleep until new mail is committed, or poll for retries that fell due on the clock.
    cv_.wait_for(lock, options_.poll, [&] { return stopping_ || wakes_ != seen; });
    seen = wakes_;
    if (stopping_) return;
  }
}

// What one delivery attempt of `m` leaves in the store: sent, failed, or queued again after a
// back-off.
OutboxPump::Attempt OutboxPump::attempt_of(const OutboxMessage& m, const DeliveryResult& result) const {
  Attempt a{m.id, clock_.now(), MailState::sent, result.reply, 0};
  const int attempts = m.attempts + 1;
  if (result.outcome == DeliveryResult::Outcome::failed) {
    a.state = MailState::failed;
  } else if (result.outcome == DeliveryResult::Outcome::retry) {
    if (attempts >= options_.retry.max_attempts) {
      a.state = MailState::failed;
      a.reply += " (gave up after " + std::to_string(attempts) + " attempts)";
    } else {
      a.state = MailState::queued;
      a.next_attempt_at = a.at + options_.retry.delay_after(attempts, randombytes_uniform(1u << 30) / double(1u << 30));
    }
  }
  if (a.state != MailState::sent)
    spdlog::warn("mail {} to {}: attempt {} {}: {}", m.id, m.to, attempts,
                 a.state == MailState::failed ? "failed" : "will be retried", a.reply);
  return a;
}

bool OutboxPump::deliver_some(Deliverer& deliverer) {
  std::vector<OutboxMessage> batch;
  store_.transaction([&] { batch = store_.claim_mail(clock_.now(), options_.retry.lease, options_.claim); });
  std::vector<Attempt> done;
  std::chrono::steady_clock::time_point first_done;
  const auto record = [&] {
    if (done.empty()) return;
    store_.transaction([&] {
      for (const auto& a : done) store_.record_mail_attempt(a.id, a.at, a.state, a.reply, a.next_attempt_at);
    });
    done.clear();
  };
  try {
    for (const auto& m : batch) {
      Attempt a = attempt_of(m, deliverer.deliver(m));
      if (done.empty()) first_done = std::chrono::steady_clock::now();
      done.push_back(std::move(a));
      if (std::chrono::steady_clock::now() - first_done >= options_.record_within) record();
    }
  } catch (...) {
    record();  // what was delivered before the failure is not sent again
    throw;
  }
  record();
  return !batch.empty();
}

}  // namespace pcu::server
