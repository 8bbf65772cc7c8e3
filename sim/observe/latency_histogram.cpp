#include "sim/observe/latency_histogram.h"

#include <cmath>

namespace firedrill {

double LatencyHistogram::bucket_low(int bucket) {
  if (bucket < kSub) return bucket;
  const int exponent = bucket / kSub - 1 + kSubBits;
  const int mantissa = bucket % kSub;
  return std::ldexp(1.0 + mantissa / static_cast<double>(kSub), exponent);
}

double LatencyHistogram::bucket_high(int bucket) {
  if (bucket < kSub) return bucket + 1;
  const int exponent = bucket / kSub - 1 + kSubBits;
  return bucket_low(bucket) + std::ldexp(1.0 / kSub, exponent);
}

double LatencyHistogram::percentile_us(double pct) const {
  if (total_ == 0) return 0.0;
  const auto rank = static_cast<uint64_t>(std::ceil(pct / 100.0 * static_cast<double>(total_)));
  const uint64_t target = rank < 1 ? 1 : rank;
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[b];
    if (seen >= target) return b < kSub ? b : 0.5 * (bucket_low(b) + bucket_high(b));
  }
  return bucket_low(kBuckets - 1);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (int b = 0; b < kBuckets; ++b) counts_[b] += other.counts_[b];
  total_ += other.total_;
  sum_us_ += other.sum_us_;
}

void LatencyHistogram::clear() {
  counts_.fill(0);
  total_ = 0;
  sum_us_ = 0;
}

}  // namespace firedrill
