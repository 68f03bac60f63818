#include "csm/render/format.h"

#include <cmath>
#include <cstdio>

namespace csm::render {
namespace {

// Beyond this a value no longer fits the integer and fixed-point formats
// below (llround of 1e308 is undefined; "%.2f" of it is 312 characters):
// such values, which no real report has, are written in scientific notation.
constexpr double kHuge = 1e15;

std::string Scientific(double value, const char* suffix = "") {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4g%s", value, suffix);
  return buf;
}

}  // namespace

std::string FormatDuration(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds)) return kMissing;
  double s = *seconds;
  if (std::fabs(s) >= kHuge) return Scientific(s / 86400, "d");
  std::string sign = s < 0 ? "-" : "";
  long long total = std::llround(std::fabs(s));
  char buf[48];
  if (total < 60) {
    std::snprintf(buf, sizeof buf, "%llds", total);
    return sign + buf;
  }
  if (total < 3600) {
    long long m = total / 60, r = total % 60;
    if (r == 0) {
      std::snprintf(buf, sizeof buf, "%lldm", m);
    } else {
      std::snprintf(buf, sizeof buf, "%lldm %llds", m, r);
    }
  } else if (total < 86400) {
    long long minutes = (total + 30) / 60;  // round to the minute
    long long h = minutes / 60, m = minutes % 60;
    if (m == 0) {
      std::snprintf(buf, sizeof buf, "%lldh", h);
    } else {
      std::snprintf(buf, sizeof buf, "%lldh %lldm", h, m);
    }
  } else {
    long long hours = (total + 1800) / 3600;  // round to the hour
    long long d = hours / 24, h = hours % 24;
    if (h == 0) {
      std::snprintf(buf, sizeof buf, "%lldd", d);
    } else {
      std::snprintf(buf, sizeof buf, "%lldd %lldh", d, h);
    }
  }
  return sign + buf;
}

std::string FormatRate(std::optional<double> percent) {
  if (!percent || !std::isfinite(*percent)) return kMissing;
  if (std::fabs(*percent) >= kHuge) return Scientific(*percent, " %");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", *percent);
  return buf;
}

std::string FormatChange(std::optional<double> percent) {
  if (!percent || !std::isfinite(*percent)) return kMissing;
  double p = *percent;
  double mag = std::fabs(p);
  char buf[48];
  if (mag < 0.05) return "= 0 %";
  const char* arrow = p > 0 ? "\u25B2" : "\u25BC";  // ▲ ▼
  if (mag >= kHuge) return arrow + (" " + Scientific(mag, " %"));
  if (mag < 9.95) {
    std::snprintf(buf, sizeof buf, "%s %.1f %%", arrow, mag);
  } else {
    std::snprintf(buf, sizeof buf, "%s %.0f %%", arrow, mag);
  }
  return buf;
}

std::string FormatCount(std::optional<double> count) {
  if (!count || !std::isfinite(*count)) return kMissing;
  if (std::fabs(*count) >= kHuge) return Scientific(*count);
  long long n = std::llround(*count);
  bool negative = n < 0;
  std::string digits = std::to_string(negative ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return negative ? "-" + out : out;
}

std::string FormatNumber(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return kMissing;
  if (std::fabs(*value) >= kHuge) return Scientific(*value);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", *value);
  std::string out = buf;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out == "-0" ? std::string("0") : out;
}

}  // namespace csm::render
