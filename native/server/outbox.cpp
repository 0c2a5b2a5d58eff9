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

bool OutboxPump::deliver_some(Deliverer& deliverer) {
  std::vector<OutboxMessage> batch;
  store_.transaction([&] { batch = store_.claim_mail(clock_.now(), options_.retry.lease, options_.claim); });
  struct Attempt {
    std::int64_t id, at;
    MailState state;
    std::string reply;
    std::int64_t next;
  };
  std::vector<Attempt> unacknowledged;
  const auto acknowledge = [&] {
    store_.transaction([&] {
      for (const auto& a : unacknowledged) store_.record_mail_attempt(a.id, a.at, a.state, a.reply, a.next);
    });
    unacknowledged.clear();
  };
  for (const auto& m : batch) {
    const DeliveryResult result = deliverer.deliver(m);
    const std::int64_t now = clock_.now();
    const int attempts = m.attempts + 1;
    MailState state = MailState::sent;
    std::int64_t next = 0;
    std::string reply = result.reply;
    if (result.outcome == DeliveryResult::Outcome::failed) {
      state = MailState::failed;
    } else if (result.outcome == DeliveryResult::Outcome::retry) {
      if (attempts >= options_.retry.max_attempts) {
        state = MailState::failed;
        reply += " (gave up after " + std::to_string(attempts) + " attempts)";
      } else {
        state = MailState::queued;
        next = now + options_.retry.delay_after(attempts, randombytes_uniform(1u << 30) / double(1u << 30));
      }
    }
    if (state != MailState::sent)
      spdlog::warn("mail {} to {}: attempt {} {}: {}", m.id, m.to, attempts,
                   state == MailState::failed ? "failed" : "will be retried", reply);
    unacknowledged.push_back({m.id, now, state, std::move(reply), next});
    // One by one unless sending again is harmless: a crash re-sends at most the message in flight.
    if (!deliverer.repeat_safe()) acknowledge();
  }
  if (!unacknowledged.empty()) acknowledge();
  return !batch.empty();
}

}  // namespace pcu::server
