//! Writes a synthetic team for load tests of the page: `scheme.json` (5
//! dimensions x 6 indicators unless told, with a bonus pool) and
//! `figures.csv` (one row per agent) into a directory.
//!
//! `cargo run --release -p kpi-engine --example synthetic_team -- [AGENTS] [DIR] [PER_DIMENSION]`
//! (defaults: 1000, target/live-data, 6). Used by benches/browser/live_edit.mjs.

use std::path::PathBuf;

use kpi_engine::scheme::BonusRule;
use kpi_engine::synthetic::{figures_csv, synthetic_team};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let agents: usize = args
        .next()
        .map(|text| text.parse().expect("AGENTS is a number"))
        .unwrap_or(1000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/live-data".to_owned()));
    let per_dimension: usize = args
        .next()
        .map(|text| text.parse().expect("PER_DIMENSION is a number"))
        .unwrap_or(6);
    let (mut scheme, figures) = synthetic_team(agents, 5, per_dimension, 42);
    scheme.bonus = Some(BonusRule::Proportional {
        pool: 100_000.0,
        exponent: 2.0,
        min_score: 60.0,
        floor: None,
        cap: Some(500.0),
    });
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("scheme.json"), scheme.to_json())?;
    std::fs::write(dir.join("figures.csv"), figures_csv(&figures))?;
    println!(
        "{} agents x {} indicators into {}",
        figures.len(),
        scheme.indicators().count(),
        dir.display()
    );
    Ok(())
}
