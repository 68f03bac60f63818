#!/usr/bin/env python3
"""Independent reference values for tests/staffing/*_test.cc.

Erlang C straight from its textbook definition in exact rational arithmetic
(factorials and powers as Fractions, the exponential with 50-digit
Decimals), and Erlang A by brute force: the truncated birth-death chain's
stationary distribution and the tagged contact's waiting process, with no
use of the closed forms the library implements. Run it with
/usr/bin/python3 tools/staffing/erlang_reference.py; it needs numpy only.
"""
from decimal import Decimal, getcontext
from fractions import Fraction
from math import factorial

import numpy as np

getcontext().prec = 50


def erlang_c(arrivals, interval_s, aht_s, agents, threshold_s):
    a = Fraction(arrivals) * Fraction(aht_s) / Fraction(interval_s)
    n = agents
    top = a**n / factorial(n) * Fraction(n) / (n - a)
    c = top / (sum(a**k / factorial(k) for k in range(n)) + top)
    decay = (Decimal((n - a).numerator) / Decimal((n - a).denominator)) * Decimal(threshold_s) / Decimal(aht_s)
    cd = Decimal(c.numerator) / Decimal(c.denominator)
    sl = 1 - cd * (-decay).exp()
    asa = cd * Decimal(aht_s) / (Decimal((n - a).numerator) / Decimal((n - a).denominator))
    return float(cd), float(sl), float(asa), float(a / n)


def erlang_a(arrivals, interval_s, aht_s, agents, threshold_s, patience_s, queue_cap=600):
    lam, mu, theta, n = arrivals / interval_s, 1 / aht_s, 1 / patience_s, agents
    p = [1.0]
    for j in range(1, n + queue_cap):
        out = j * mu if j <= n else n * mu + (j - n) * theta
        p.append(p[-1] * lam / out)
    p = np.array(p) / sum(p)
    wait = p[n:].sum()
    abandon = theta * sum((j - n) * p[j] for j in range(n, len(p))) / lam
    occupancy = sum(min(j, n) * p[j] for j in range(len(p))) / n
    # The tagged arrival finding k queued is at position k + 1; at position
    # j it moves up at rate n·mu + (j − 1)·theta (service of the head or an
    # abandonment ahead) and abandons itself at rate theta. Integrate the
    # Kolmogorov equations with small Runge-Kutta steps up to the threshold,
    # tracking the mass answered so far.
    m = queue_cap
    state = np.array([p[n + k] for k in range(m)])  # index j-1 = position j
    answered = 1 - wait
    steps = 4000
    h = threshold_s / steps

    def deriv(s):
        pos = np.arange(1, m + 1)
        up = n * mu + (pos - 1) * theta
        d = -(up + theta) * s
        d[:-1] += up[1:] * s[1:]
        return d, up[0] * s[0]

    for _ in range(steps):
        k1, a1 = deriv(state)
        k2, a2 = deriv(state + h / 2 * k1)
        k3, a3 = deriv(state + h / 2 * k2)
        k4, a4 = deriv(state + h * k3)
        state = state + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        answered += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4)
    return wait, answered, abandon * patience_s, occupancy, abandon


if __name__ == "__main__":
    print("Call Centre Helper example: 100 contacts / 30 min, AHT 180 s, T = 20 s")
    for n in range(11, 16):
        print(n, "P(wait) %.15g  SL %.15g  ASA %.15g  occ %.15g" % erlang_c(100, 1800, 180, n, 20))
    print("Westbay example: 360 contacts / 30 min, AHT 240 s, 55 agents, T = 15 s")
    print("P(wait) %.15g  SL %.15g  ASA %.15g  occ %.15g" % erlang_c(360, 1800, 240, 55, 15))
    print("Erlang A: 100 contacts / 30 min, AHT 180 s, T = 20 s, patience 120 s")
    for n in (8, 10, 11, 12, 14):
        print(n, "P(wait) %.12g  SL %.12g  mean wait %.12g  occ %.12g  P(ab) %.12g"
              % erlang_a(100, 1800, 180, n, 20, 120))
    print("Erlang A overloaded: 400 contacts / 30 min, AHT 300 s, 40 agents, T = 30 s, patience 60 s")
    print("P(wait) %.12g  SL %.12g  mean wait %.12g  occ %.12g  P(ab) %.12g"
          % erlang_a(400, 1800, 300, 40, 30, 60, queue_cap=1500))
