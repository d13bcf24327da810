//! A deterministic sweep of random rules and totals: every split adds up.

use super::*;

/// A small deterministic generator (64-bit LCG) for the sweep below.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn amounts_always_add_up_to_pool_minus_leftover() {
    let mut rng = Lcg(2026);
    let mut checked = 0;
    let mut floors_exceeded = 0;
    let mut capped_leftover = 0;
    for case in 0..3000 {
        let n = rng.below(30) as usize;
        let totals: Vec<Option<f64>> = (0..n)
            .map(|_| match rng.below(10) {
                0 => None,
                1 => Some(f64::NAN),
                2 => Some(0.0),
                3 => Some(70.0),
                _ => Some(rng.below(12_000) as f64 / 100.0 - 10.0),
            })
            .collect();
        let pool = [0.0, 0.01, 0.05, 1.0, 999.99, 12_345.67, 1e9][rng.below(7) as usize];
        let exponent = [0.5, 1.0, 2.0, 3.0][rng.below(4) as usize];
        let min_score = [0.0, 50.0, -20.0][rng.below(3) as usize];
        let floor = (rng.below(3) == 0).then(|| pool * rng.below(10) as f64 / 100.0);
        let cap = (rng.below(3) == 0).then(|| pool * (rng.below(60) as f64 + 1.0) / 100.0);
        let basics = BonusBasics {
            pool,
            exponent,
            min_score,
            floor,
            cap,
        };
        let top = (case % 2 == 1).then(|| TopGroup {
            top_percent: rng.below(101) as f64,
            top_share: rng.below(101) as f64,
        });
        let rule = BonusRule::from_parts(basics, top);
        let split = match split_bonus(&rule, &totals) {
            Ok(split) => split,
            Err(BonusError::FloorsExceedPool { needed, pool, .. }) => {
                assert!(needed > pool, "case {case}");
                floors_exceeded += 1;
                continue;
            }
            Err(BonusError::Invalid { field, problem }) => {
                // Generated floors above the cap are the only invalid input.
                assert_eq!(field, "floor", "case {case}: {problem}");
                continue;
            }
        };
        checked += 1;
        let sum: i64 = split.amounts.iter().flatten().sum();
        assert_eq!(sum, split.paid, "case {case}");
        assert_eq!(split.paid + split.leftover, split.pool, "case {case}");
        assert!(split.leftover >= 0, "case {case}");
        assert_eq!(split.amounts.len(), totals.len());
        let anyone = split.amounts.iter().any(Option::is_some);
        // Floors and caps hold under either rule.
        let BonusBasics { floor, cap, .. } = rule.basics();
        let floor = floor.map_or(0, |floor| (floor * 100.0).round() as i64);
        let cap = cap.map(|cap| (cap * 100.0).round() as i64);
        for amount in split.amounts.iter().flatten() {
            assert!(*amount >= floor, "case {case}: {amount} < floor {floor}");
            assert!(cap.is_none_or(|cap| *amount <= cap), "case {case}");
        }
        // Under either rule, with anyone eligible, a leftover only when all
        // of them are at the cap (or held at the floor): without a cap
        // everything is paid.
        if split.leftover > 0 && anyone {
            if top.is_none() {
                capped_leftover += 1;
            }
            let cap = cap.expect("a leftover with eligible agents needs a cap");
            assert!(
                split
                    .amounts
                    .iter()
                    .flatten()
                    .all(|&a| a == cap || a == floor),
                "case {case}"
            );
        }
        match rule {
            BonusRule::Proportional { min_score, .. } => {
                // Rounding keeps the order: a higher total never gets less.
                let mut paid: Vec<(f64, i64)> = totals
                    .iter()
                    .zip(&split.amounts)
                    .filter_map(|(total, amount)| Some(((*total)?, (*amount)?)))
                    .collect();
                paid.sort_by(|a, b| a.0.total_cmp(&b.0));
                for pair in paid.windows(2) {
                    if pair[0].0 < pair[1].0 {
                        assert!(pair[0].1 <= pair[1].1, "case {case}: {pair:?}");
                    }
                }
                for (total, amount) in totals.iter().zip(&split.amounts) {
                    let eligible =
                        total.is_some_and(|total| total.is_finite() && total >= min_score);
                    assert_eq!(eligible, amount.is_some(), "case {case}");
                }
            }
            BonusRule::TopShare { .. } => {
                if !anyone {
                    assert_eq!(split.leftover, split.pool);
                }
            }
        }
    }
    // The sweep must reach the interesting paths, not only the easy one.
    assert!(checked > 2000, "only {checked} cases were split");
    assert!(
        floors_exceeded > 0 && capped_leftover > 0,
        "{floors_exceeded} {capped_leftover}"
    );
}
