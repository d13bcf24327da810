//! Import throughput: decode + split + typed conversion of a generated
//! per-agent export (30 columns), 10 MB and 100 MB, in MB/s.
//! `cargo bench --bench import`. The same data is timed against PapaParse
//! and SheetJS in headless Chromium by `cargo xtask bench`
//! (benches/browser/).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{Criterion, Throughput, criterion_group};
    use kpi_engine::figures::Figures;
    use kpi_engine::synthetic::synthetic_export;
    use kpi_read::delimited::parse_delimited;
    use kpi_read::text::decode;

    fn bench_import(c: &mut Criterion) {
        let mut group = c.benchmark_group("import_csv");
        group.sample_size(10);
        for megabytes in [10, 100] {
            let (scheme, text) = synthetic_export(megabytes * 1_000_000);
            let bytes = text.into_bytes();
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
