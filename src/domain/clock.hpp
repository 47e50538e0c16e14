#pragma once
// Clock: where "now" comes from. Injected everywhere so that tests and the demo control time.

#include "base/date.hpp"

namespace hoptac::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  Date Today() const { return Now().date(); }
};

// A clock that says what it is told. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }
  void Set(Timestamp now) { now_ = now; }
  void Advance(int64_t micros) { now_ = Timestamp::FromMicros(now_.micros() + micros); }

 private:
  Timestamp now_;
};

}  // namespace hoptac::domain
