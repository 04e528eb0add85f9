//! The M/M/c queue of one node: how much of the offered load it serves, how much it drops,
//! its utilisation and its mean response time (Erlang C).
//!
//! Below saturation (ρ < 1) the latency is Erlang C exactly, however close ρ is to 1. A
//! saturated node (ρ ≥ 1) serves `c·μ` and drops the rest, and its queue grows without bound:
//! its latency is `f64::INFINITY` (shown as "saturated" on screen, `null` in JSON), never a
//! clamped number.
//!
//! # Complexity
//! O(c) per queue (the Erlang B recurrence), O(1) space.

/// What one queue does with its offered load.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct QueueStats {
    /// Requests per second processed: `min(λ, c·μ)`.
    pub served_qps: f64,
    /// Requests per second refused: `λ − served`.
    pub dropped_qps: f64,
    /// ρ = λ / (c·μ), not capped (above 1 when overloaded).
    pub utilization: f64,
    /// Mean response time W (waiting + service), milliseconds; `f64::INFINITY` when the
    /// queue is saturated (ρ ≥ 1).
    pub latency_ms: f64,
}

/// Erlang C: the probability that an arriving request waits, for `c` servers and offered
/// load `a = λ/μ` Erlangs (`a < c`).
///
/// Arguments: `c` servers (≥ 1), `a` offered load in Erlangs.
///
/// Returns a probability in `[0, 1]`; 1 when `a ≥ c` (every request waits), 0 when `c` is 0.
///
/// Uses the Erlang B recurrence `B(k) = a·B(k−1) / (k + a·B(k−1))`, which never overflows,
/// then `C = B / (1 − ρ·(1 − B))`. Stops early once `B` falls below 1e-18 (C is then
/// negligible).
///
/// # Complexity
/// O(c) time at worst, O(1) space.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    if c == 0 || !a.is_finite() || a < 0.0 {
        return 0.0;
    }
    let cf = f64::from(c);
    if a >= cf {
        return 1.0;
    }
    let mut b = 1.0_f64;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
        if b < 1e-18 {
            return 0.0;
        }
    }
    let rho = a / cf;
    (b / (1.0 - rho * (1.0 - b))).clamp(0.0, 1.0)
}

/// The M/M/c queue with `c` servers of rate `mu_per_s` offered `lambda_qps`.
///
/// Arguments: `lambda_qps` offered rate (≥ 0), `c` servers, `mu_per_s` per-server rate.
///
/// Returns served, dropped, ρ and W = C(c, a)/(c·μ − λ) + 1/μ in milliseconds for ρ < 1;
/// `f64::INFINITY` for ρ ≥ 1 (the queue grows without bound). A degenerate queue (c = 0 or
/// μ ≤ 0) serves nothing.
///
/// # Complexity
/// That of [`erlang_c`]: O(c).
pub fn mmc(lambda_qps: f64, c: u32, mu_per_s: f64) -> QueueStats {
    let lambda = if lambda_qps.is_finite() && lambda_qps > 0.0 {
        lambda_qps
    } else {
        0.0
    };
    let capacity = f64::from(c) * mu_per_s;
    if !(capacity.is_finite() && capacity > 0.0) {
        return QueueStats {
            served_qps: 0.0,
            dropped_qps: lambda,
            utilization: if lambda > 0.0 {
                f64::INFINITY.min(f64::MAX)
            } else {
                0.0
            },
            latency_ms: if lambda > 0.0 { f64::INFINITY } else { 0.0 },
        };
    }
    let served = lambda.min(capacity);
    let utilization = lambda / capacity;
    let latency_ms = if utilization < 1.0 {
        let wait_prob = erlang_c(c, lambda / mu_per_s);
        (wait_prob / (capacity - lambda) + 1.0 / mu_per_s) * 1000.0
    } else {
        f64::INFINITY
    };
    QueueStats {
        served_qps: served,
        dropped_qps: lambda - served,
        utilization,
        latency_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm1_matches_closed_form() {
        let s = mmc(50.0, 1, 100.0);
        assert!((s.latency_ms - 1000.0 / (100.0 - 50.0)).abs() < 1e-9);
        assert!((s.utilization - 0.5).abs() < 1e-12);
    }

    #[test]
    fn large_c_does_not_overflow() {
        let s = mmc(900_000.0, 1_000_000, 1.0);
        assert!(s.latency_ms.is_finite());
        assert!((s.latency_ms - 1000.0).abs() < 1.0);
        assert!(erlang_c(5000, 4990.0) > 0.0);
    }

    #[test]
    fn saturated_queue_drops_the_excess() {
        let s = mmc(300.0, 2, 100.0);
        assert!((s.served_qps - 200.0).abs() < 1e-9);
        assert!((s.dropped_qps - 100.0).abs() < 1e-9);
        assert_eq!(s.latency_ms, f64::INFINITY);
    }

    #[test]
    fn near_saturation_is_erlang_c_exactly() {
        // 1 worker at 2 ms (500 QPS) offered 499.5 QPS: ρ = 0.999, W = 1/(μ − λ) = 2 s.
        let s = mmc(499.5, 1, 500.0);
        assert!((s.latency_ms - 2000.0).abs() < 1e-6, "{}", s.latency_ms);
        // ρ = 0.995 on 4 workers: the closed form C/(cμ − λ) + 1/μ, no clamp.
        let (c, mu, lambda) = (4, 100.0, 398.0);
        let s = mmc(lambda, c, mu);
        let expected = (erlang_c(c, lambda / mu) / (400.0 - lambda) + 1.0 / mu) * 1000.0;
        assert!((s.latency_ms - expected).abs() < 1e-9);
        assert!(s.latency_ms > 400.0, "{}", s.latency_ms);
    }

    #[test]
    fn overloaded_at_rho_1_2_serves_capacity_with_unbounded_latency() {
        let s = mmc(120.0, 1, 100.0);
        assert!((s.served_qps - 100.0).abs() < 1e-12);
        assert!((s.dropped_qps - 20.0).abs() < 1e-12);
        assert!((s.utilization - 1.2).abs() < 1e-12);
        assert!(s.latency_ms.is_infinite());
    }
}
