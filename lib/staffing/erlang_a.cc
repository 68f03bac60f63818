#include "csm/staffing/erlang_a.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "csm/staffing/erlang_c.h"
#include "lib/staffing/queue_checks.h"

namespace csm::staffing {
namespace {

// The series' work grows with y = λ·patience; past this an interval is
// better served by Erlang C (patience that long means nobody abandons).
constexpr double kMaxArrivalsPerPatience = 1e7;

// The positive nodes of 8-point Gauss-Legendre on [-1, 1] and their weights.
constexpr std::pair<double, double> kGaussLegendre8[] = {
    {0.18343464249564978, 0.36268378337836177},
    {0.52553240991632899, 0.31370664587788705},
    {0.79666647741362673, 0.22238103445337434},
    {0.96028985649753618, 0.10122853629037669},
};

// log Σ_{k>=1} y^k / ((x+1)…(x+k)) for x >= 0, y > 0. The terms rise while
// x + k < y and then fall; they are kept scaled so that a peak far above
// the double range (heavy overload) still sums exactly.
double LogSeriesTail(double x, double y) {
  constexpr double kRescale = 1e200;
  const double log_rescale = std::log(kRescale);
  double term = 1;
  double sum = 0;
  double log_scale = 0;
  for (double k = 1;; ++k) {
    term *= y / (x + k);
    sum += term;
    if (term > kRescale) {
      term /= kRescale;
      sum /= kRescale;
      log_scale += log_rescale;
    }
    if (x + k >= y && term <= sum * 1e-17) break;
  }
  return std::log(sum) + log_scale;
}

// log A(x, y) = log(1 + S) from log S without overflow.
double LogSeries(double log_tail) {
  return log_tail > 0 ? log_tail + std::log1p(std::exp(-log_tail)) : std::log1p(std::exp(log_tail));
}

}  // namespace

absl::StatusOr<QueueResult> ErlangA(const IntervalLoad& load, int64_t agents, double threshold_s,
                                    double patience_s) {
  if (absl::Status s = internal::CheckQueueInputs(load, agents, threshold_s); !s.ok()) return s;
  if (std::isnan(patience_s) || patience_s <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("patience_s must be > 0 (or +inf), got ", patience_s));
  }
  if (std::isinf(patience_s)) return ErlangC(load, agents, threshold_s);
  const double a = load.Erlangs();
  if (a == 0) return internal::NoLoad();

  const double lambda = load.arrivals / load.interval_s;
  const double y = lambda * patience_s;
  if (y > kMaxArrivalsPerPatience) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Erlang A: arrival rate × patience_s = ", y, " exceeds ", kMaxArrivalsPerPatience,
        "; with patience that long nobody abandons, use Erlang C"));
  }
  QueueResult r;
  if (agents == 0) {  // Everyone waits until they give up.
    r.wait_probability = 1;
    r.service_level = 0;
    r.asa_s = patience_s;
    r.abandon_probability = 1;
    r.occupancy = 0;
    return r;
  }
  const double n = static_cast<double>(agents);
  const double b = ErlangB(a, agents);
  if (b == 0) {  // A team so large that nobody ever waits (B underflowed).
    r.occupancy = std::min(1.0, a / n);
    return r;
  }
  const double theta = 1 / patience_s;
  const double n_mu = n / load.aht_s;
  const double x = n * patience_s / load.aht_s;
  const double log_tail = LogSeriesTail(x, y);
  const double log_a = LogSeries(log_tail);
  // P_W = A·E / (1 + (A − 1)·E) = 1 / (1 + (1 − E) / (E·A)).
  r.wait_probability = 1 / (1 + std::exp(std::log1p(-b) - std::log(b) - log_a));
  const double tail_share = 1 / (1 + std::exp(-log_tail));  // (A − 1) / A
  const double abandon_if_waiting = std::clamp(1 - (x / y) * tail_share, 0.0, 1.0);
  r.abandon_probability = r.wait_probability * abandon_if_waiting;
  r.asa_s = r.abandon_probability * patience_s;
  r.occupancy = std::clamp(a * (1 - r.abandon_probability) / n, 0.0, 1.0);

  // P(W > t), W = min(offered wait, patience).
  auto still_waiting = [&](double t) {
    const double shrink = -std::expm1(-theta * t);  // 1 − e^{−θt}
    const double y_t = y * (1 - shrink);
    const double log_a_t = y_t > 0 ? LogSeries(LogSeriesTail(x, y_t)) : 0.0;
    return r.wait_probability * std::exp(log_a_t - log_a + y * shrink - n_mu * t - theta * t);
  };
  // Answered within T = 1 − P(W > T) − P(abandoned by T), the latter
  // θ·∫_0^T P(W > v) dv: 8-point Gauss-Legendre on panels short against the
  // decay of P(W > v), exact to far below the outputs' precision.
  double abandoned_by_t = 0;
  if (threshold_s > 0) {
    const double decay = std::abs(n_mu - lambda) + 2 * theta;
    const int panels = std::clamp(static_cast<int>(std::ceil(threshold_s * decay / 2)), 1, 512);
    const double half = threshold_s / panels / 2;
    double integral = 0;
    for (int p = 0; p < panels; ++p) {
      const double mid = (2 * p + 1) * half;
      for (const auto& [node, weight] : kGaussLegendre8) {
        integral += weight * (still_waiting(mid - node * half) + still_waiting(mid + node * half));
      }
    }
    abandoned_by_t = theta * integral * half;
  }
  // Those who never wait are answered at once: the floor guards rounding.
  r.service_level =
      std::clamp(1 - still_waiting(threshold_s) - abandoned_by_t, 1 - r.wait_probability, 1.0);
  return r;
}

std::optional<double> EstimatePatience(double total_wait_s, double abandoned) {
  if (!std::isfinite(total_wait_s) || !std::isfinite(abandoned) || total_wait_s < 0 ||
      abandoned <= 0) {
    return std::nullopt;
  }
  return total_wait_s / abandoned;
}

}  // namespace csm::staffing
