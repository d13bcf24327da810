//! Import throughput: decode + split + typed conversion of a generated
//! per-agent export (30 columns), 10 MB and 100 MB, in MB/s. The browser
//! harness (PapaParse and SheetJS in the same Chromium) comes with the
//! import screen. `cargo bench --bench import`.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{Criterion, Throughput, criterion_group};
    use kpi_scorecard::engine::figures::Figures;
    use kpi_scorecard::engine::import::delimited::parse_delimited;
    use kpi_scorecard::engine::import::text::decode;
    use kpi_scorecard::engine::synthetic::synthetic_team;

    /// A CSV of about `bytes` bytes for the synthetic 5 x 6 scheme.
    fn export(bytes: usize) -> (kpi_scorecard::engine::scheme::Scheme, Vec<u8>) {
        let (scheme, figures) = synthetic_team(1, 5, 6, 7);
        let mut text = String::from("agent");
        for column in &figures.columns {
            text.push(',');
            text.push_str(column);
        }
        text.push('\n');
        let mut agent = 0usize;
        while text.len() < bytes {
            text.push_str(&format!("agent{agent:07}"));
            for c in 0..figures.columns.len() {
                // A mix of the forms real exports hold.
                let cell = match (agent + c) % 7 {
                    0 => format!(",{}.{}", agent % 1000, c),
                    1 => format!(",{}%", (agent * 7 + c) % 100),
                    2 => format!(",\"{},{:03}\"", agent % 90 + 1, c),
                    3 => format!(",{}:{:02}", agent % 9, c % 60),
                    4 => String::from(","),
                    _ => format!(",{}", (agent * 31 + c) % 5000),
                };
                text.push_str(&cell);
            }
            text.push('\n');
            agent += 1;
        }
        (scheme, text.into_bytes())
    }

    fn bench_import(c: &mut Criterion) {
        let mut group = c.benchmark_group("import_csv");
        group.sample_size(10);
        for megabytes in [10, 100] {
            let (scheme, bytes) = export(megabytes * 1_000_000);
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            group.bench_function(format!("{megabytes} MB"), |b| {
                b.iter(|| {
                    let decoded = decode(black_box(&bytes), None).unwrap();
                    let (table, _, _) = parse_delimited(&decoded.text, None).unwrap();
                    Figures::from_table(&scheme, &table)
                })
            });
        }
        group.finish();
    }

    criterion_group!(benches, bench_import);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
