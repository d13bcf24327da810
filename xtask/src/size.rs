//! The transfer size of the built site: raw and gzip, per file and in total.

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

/// Sizes of the files in `dist/`.
pub struct Report {
    pub files: Vec<FileSize>,
    pub total_raw: u64,
    pub total_gzip: u64,
    pub wasm_raw: u64,
    pub wasm_gzip: u64,
    /// What opening the page transfers (everything but the worker).
    pub page_gzip: u64,
    /// What the first import adds.
    pub worker_gzip: u64,
    /// What installing the app and the offline cache add.
    pub install_gzip: u64,
}

/// One file's size as stored and as sent with gzip -9.
pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

impl Report {
    /// Measures every file below `dir`.
    pub fn of_dir(dir: &Path) -> Result<Report> {
        let mut files = Vec::new();
        collect(dir, dir, &mut files)?;
        files.sort_by_key(|file| std::cmp::Reverse(file.gzip));
        let wasm = files.iter().filter(|file| file.name.ends_with(".wasm"));
        let wasm_raw = wasm.clone().map(|file| file.raw).sum();
        let wasm_gzip = wasm.map(|file| file.gzip).sum();
        let worker_gzip = files
            .iter()
            .filter(|file| file.name.starts_with(WORKER_PREFIX))
            .map(|file| file.gzip)
            .sum();
        let install_gzip = files
            .iter()
            .filter(|file| INSTALL_FILES.contains(&file.name.as_str()))
            .map(|file| file.gzip)
            .sum();
        let total_gzip: u64 = files.iter().map(|file| file.gzip).sum();
        Ok(Report {
            page_gzip: total_gzip - worker_gzip - install_gzip,
            worker_gzip,
            install_gzip,
            total_gzip,
            total_raw: files.iter().map(|file| file.raw).sum(),
            wasm_raw,
            wasm_gzip,
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
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes),
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

/// Bytes as kilobytes (1 KB = 1000 bytes), one decimal.
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<48} {:>12} {:>12}", "file", "raw", "gzip -9")?;
        for file in &self.files {
            writeln!(
                f,
                "{:<48} {:>12} {:>12}",
                file.name,
                kb(file.raw),
                kb(file.gzip)
            )?;
        }
        writeln!(
            f,
            "{:<48} {:>12} {:>12}",
            "wasm",
            kb(self.wasm_raw),
            kb(self.wasm_gzip)
        )?;
        writeln!(
            f,
            "{:<48} {:>12} {:>12}",
            "total transfer",
            kb(self.total_raw),
            kb(self.total_gzip)
        )?;
        writeln!(f, "{:<48} {:>25}", "page load", kb(self.page_gzip))?;
        writeln!(
            f,
            "{:<48} {:>25}",
            "import worker (on opening Data)",
            kb(self.worker_gzip)
        )?;
        writeln!(
            f,
            "{:<48} {:>25}",
            "icons, manifest, service worker",
            kb(self.install_gzip)
        )
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
}
