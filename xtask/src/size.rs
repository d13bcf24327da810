//! The transfer size of the built site: raw, gzip and brotli, per file and
//! in total.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::Result;

/// The prefix of the import worker's files: the page loads them only when
/// the Data area opens, so they count apart from the page load.
pub const WORKER_PREFIX: &str = "import-worker";

/// The folder prefix of the page's chunks (xtask/src/split.rs): their wasm
/// is fetched when an area first opens, so it counts apart from the page
/// load. Their loader, a module the page imports, is part of it.
pub const CHUNK_PREFIX: &str = "kpi-split-";

/// Whether a file is one of the chunks an area fetches when first opened.
fn is_chunk(name: &str) -> bool {
    name.starts_with(CHUNK_PREFIX) && name.ends_with(".wasm")
}

/// Files a page load never asks for: the installed app's icons and
/// manifest, and the service worker (fetched after the page has loaded).
/// They count apart too.
pub const INSTALL_FILES: [&str; 5] = [
    "icon-192.png",
    "icon-512.png",
    "icon.svg",
    "manifest.webmanifest",
    "sw.js",
];

/// Sizes of the files in `dist/`. The budgets are on gzip, which every
/// server can send; brotli is what a server that has it sends instead.
pub struct Report {
    pub files: Vec<FileSize>,
    pub total: Sizes,
    pub wasm: Sizes,
    /// What opening the page transfers (everything but the worker, the
    /// areas' chunks and the install files).
    pub page: Sizes,
    /// What the chunks add (the other areas, the indicator form), all together.
    pub chunks: Sizes,
    /// What the first import adds.
    pub worker: Sizes,
    /// What installing the app and the offline cache add.
    pub install: Sizes,
}

/// One file's size as stored, as sent with gzip -9 and with brotli at
/// quality 11.
pub struct FileSize {
    pub name: String,
    pub size: Sizes,
}

/// A size three ways: as stored, gzip -9, brotli quality 11.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl Sizes {
    /// The sizes of `bytes`.
    pub fn of(bytes: &[u8]) -> Sizes {
        Sizes {
            raw: bytes.len() as u64,
            gzip: gzip_len(bytes),
            brotli: brotli_len(bytes),
        }
    }
}

impl std::ops::Sub for Sizes {
    type Output = Sizes;

    fn sub(self, other: Sizes) -> Sizes {
        Sizes {
            raw: self.raw - other.raw,
            gzip: self.gzip - other.gzip,
            brotli: self.brotli - other.brotli,
        }
    }
}

impl<'a> std::iter::Sum<&'a FileSize> for Sizes {
    fn sum<I: Iterator<Item = &'a FileSize>>(files: I) -> Sizes {
        files.fold(Sizes::default(), |sum, file| Sizes {
            raw: sum.raw + file.size.raw,
            gzip: sum.gzip + file.size.gzip,
            brotli: sum.brotli + file.size.brotli,
        })
    }
}

impl Report {
    /// Measures every file below `dir`.
    pub fn of_dir(dir: &Path) -> Result<Report> {
        let mut files = Vec::new();
        collect(dir, dir, &mut files)?;
        files.sort_by_key(|file| std::cmp::Reverse(file.size.gzip));
        let total: Sizes = files.iter().sum();
        let wasm = files
            .iter()
            .filter(|file| file.name.ends_with(".wasm"))
            .sum();
        let worker = files
            .iter()
            .filter(|file| file.name.starts_with(WORKER_PREFIX))
            .sum();
        let chunks = files.iter().filter(|file| is_chunk(&file.name)).sum();
        let install = files
            .iter()
            .filter(|file| INSTALL_FILES.contains(&file.name.as_str()))
            .sum();
        Ok(Report {
            page: total - worker - chunks - install,
            chunks,
            worker,
            install,
            total,
            wasm,
            files,
        })
    }
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<FileSize>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|err| format!("reading {}: {err}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|err| format!("reading {}: {err}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(base, &path, files)?;
            continue;
        }
        let bytes = fs::read(&path).map_err(|err| format!("reading {}: {err}", path.display()))?;
        let name = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .display()
            .to_string();
        files.push(FileSize {
            name,
            size: Sizes::of(&bytes),
        });
    }
    Ok(())
}

/// The size of `bytes` after gzip at its best compression (gzip -9).
pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory").len() as u64
}

/// The size of `bytes` after brotli at its best compression (quality 11,
/// the largest window), as a server that precompresses would send them.
pub fn brotli_len(bytes: &[u8]) -> u64 {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    let mut out = Vec::new();
    // Reading from a slice and writing to a Vec cannot fail.
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli into memory");
    out.len() as u64
}

/// Bytes as kilobytes (1 KB = 1000 bytes), one decimal.
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Bytes as gigabytes (1 GB = 10^9 bytes), one decimal.
pub fn gb(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

/// Bytes in the files under `path`, symbolic links not followed; what
/// cannot be read counts as nothing.
pub fn dir_bytes(path: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => dir_bytes(&entry.path()),
            Ok(kind) if kind.is_file() => entry.metadata().map_or(0, |meta| meta.len()),
            _ => 0,
        })
        .sum()
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, name: &str, size: Sizes| {
            writeln!(
                f,
                "{name:<48} {:>12} {:>12} {:>12}",
                kb(size.raw),
                kb(size.gzip),
                kb(size.brotli)
            )
        };
        writeln!(
            f,
            "{:<48} {:>12} {:>12} {:>12}",
            "file", "raw", "gzip -9", "brotli 11"
        )?;
        for file in &self.files {
            row(f, &file.name, file.size)?;
        }
        row(f, "wasm", self.wasm)?;
        row(f, "total transfer", self.total)?;
        row(f, "page load", self.page)?;
        row(f, "chunks (each when first needed)", self.chunks)?;
        row(f, "import worker (on opening Data)", self.worker)?;
        row(f, "icons, manifest, service worker", self.install)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_input_and_kb_uses_1000() {
        let bytes = vec![b'a'; 100_000];
        assert!(gzip_len(&bytes) < 1_000);
        assert_eq!(kb(1_500), "1.5 KB");
    }

    #[test]
    fn brotli_sizes_what_decompresses_back_to_the_input() {
        let text = "the page, the worker, the icons; ".repeat(1_000);
        let len = brotli_len(text.as_bytes());
        assert!(len > 0 && len < gzip_len(text.as_bytes()), "{len}");
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            ..Default::default()
        };
        let mut packed = Vec::new();
        brotli::BrotliCompress(&mut text.as_bytes(), &mut packed, &params).unwrap();
        assert_eq!(packed.len() as u64, len);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn the_report_counts_page_chunks_worker_and_install_files_apart() {
        let dir = std::env::temp_dir().join(format!("xtask-size-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("presets")).unwrap();
        std::fs::create_dir_all(dir.join("kpi-split-1f")).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write("index.html", &"<p>page</p>".repeat(50));
        write("presets/a.json", &"{\"a\": 1}".repeat(80));
        write("import-worker_bg.wasm", &"worker".repeat(90));
        write("sw.js", &"self.addEventListener();".repeat(20));
        write("kpi-split-1f/__wasm_split.js", &"import x;".repeat(30));
        write("kpi-split-1f/split_data_area.wasm", &"chunk".repeat(70));
        let report = Report::of_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let size = |name: &str| {
            report
                .files
                .iter()
                .find(|file| file.name == name)
                .unwrap_or_else(|| panic!("{name} measured"))
                .size
        };
        assert_eq!(report.files.len(), 6);
        assert_eq!(report.worker, size("import-worker_bg.wasm"));
        let chunk = size("kpi-split-1f/split_data_area.wasm");
        assert_eq!(report.chunks, chunk);
        let wasm = size("import-worker_bg.wasm");
        assert_eq!(report.wasm.gzip, wasm.gzip + chunk.gzip);
        assert_eq!(report.install, size("sw.js"));
        let page = size("index.html");
        let preset = size("presets/a.json");
        let loader = size("kpi-split-1f/__wasm_split.js");
        assert_eq!(report.page.raw, page.raw + preset.raw + loader.raw);
        assert_eq!(report.page.gzip, page.gzip + preset.gzip + loader.gzip);
        assert_eq!(
            report.page.brotli,
            page.brotli + preset.brotli + loader.brotli
        );
        assert!(report.page.brotli > 0 && report.page.brotli <= report.page.raw);
        let printed = report.to_string();
        assert!(
            printed.lines().next().unwrap().ends_with("brotli 11"),
            "{printed}"
        );
        assert!(printed.contains("presets/a.json"), "{printed}");
    }

    #[test]
    fn a_directory_counts_its_files_at_every_depth_and_gb_uses_a_billion() {
        let dir = std::env::temp_dir().join(format!("xtask-bytes-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("top"), [0u8; 300]).unwrap();
        std::fs::write(dir.join("a/b/deep"), [0u8; 45]).unwrap();
        let bytes = dir_bytes(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(bytes, 345);
        assert_eq!(dir_bytes(&dir), 0, "a missing directory is nothing");
        assert_eq!(gb(2_450_000_000), "2.5 GB");
    }
}
