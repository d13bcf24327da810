//! Full recompute of a team: 10,000 agents x 40 indicators in 5 dimensions
//! (the engine issue's goal: under 10 ms on one core), and 1,000 x 30 (the
//! size the live-update goal is stated for). `cargo bench --bench score`.
//!
//! Native only; criterion is not a dependency of the wasm build.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{Criterion, criterion_group};
    use kpi_engine::score::{rescore, score_team};
    use kpi_engine::synthetic::synthetic_team;

    fn bench_score_team(c: &mut Criterion) {
        let mut group = c.benchmark_group("score_team");
        group.sample_size(20);
        for (agents, per_dimension) in [(1_000, 6), (10_000, 8)] {
            let (scheme, figures) = synthetic_team(agents, 5, per_dimension, 42);
            let name = format!("{agents} agents x {} indicators", 5 * per_dimension);
            group.bench_function(name, |b| {
                b.iter(|| score_team(black_box(&scheme), black_box(&figures)))
            });
        }
        group.finish();
    }

    /// A dimension weight edit scored again from the result before it, as
    /// the page scores one.
    fn bench_rescore(c: &mut Criterion) {
        let mut group = c.benchmark_group("rescore_weight_edit");
        group.sample_size(20);
        for (agents, per_dimension) in [(1_000, 6), (10_000, 8)] {
            let (scheme, figures) = synthetic_team(agents, 5, per_dimension, 42);
            let previous = score_team(&scheme, &figures).expect("the synthetic scheme is valid");
            let mut edited = scheme.clone();
            edited.dimensions[0].weight += 7.0;
            edited.dimensions[1].weight -= 7.0;
            let name = format!("{agents} agents x {} indicators", 5 * per_dimension);
            group.bench_function(name, |b| {
                b.iter(|| rescore(black_box(&edited), black_box(&figures), &scheme, &previous))
            });
        }
        group.finish();
    }

    criterion_group!(benches, bench_score_team, bench_rescore);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
