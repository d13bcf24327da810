//! Installing the web toolchain on first use, and skipping what is present.
//!
//! The recipe is the verified one in ../shared/TOOLCHAIN.md: the wasm32
//! target; trunk 0.21.14 (0.22 needs a newer rustc); the wasm-bindgen CLI at
//! exactly the version in Cargo.lock, installed without `--locked`; wasm-opt
//! from the npm package binaryen 132 (Debian's 108 breaks the output); and
//! Debian's Chromium with its chromedriver for the browser tests.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};

use crate::Result;
use crate::proc::Cmd;
use crate::split;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_VERSION: &str = "0.21.14";
const WASM_OPT_VERSION: &str = "132";

/// Where the tools are, once ensured.
pub struct Tools {
    /// `PATH` with cargo's bin folder and the npm tools first.
    pub path: OsString,
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

impl Tools {
    /// What a debug build and `trunk serve` need.
    pub fn ensure_build(root: &Path) -> Result<Tools> {
        let path = tool_path(root)?;
        ensure_wasm_target()?;
        ensure_trunk(&path)?;
        ensure_wasm_bindgen(root, &path)?;
        Ok(Tools {
            path,
            chromium: PathBuf::new(),
            chromedriver: PathBuf::new(),
        })
    }

    /// Trunk, with the task runner standing in for wasm-bindgen (see
    /// split.rs): a copy of this program named `wasm-bindgen` in
    /// `target/xtask-bindgen/`, first on its `PATH`, told where the real one
    /// is. In a release build the chunks are optimised as the page is.
    pub fn trunk(&self, release: bool) -> Result<Cmd> {
        let real = find_on_path(split::BINDGEN_NAME, &self.path)
            .ok_or("wasm-bindgen is not on PATH after setup")?;
        let dir = crate::root().join("target/xtask-bindgen");
        fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
        let stand_in = dir.join(format!(
            "{}{}",
            split::BINDGEN_NAME,
            std::env::consts::EXE_SUFFIX
        ));
        let this = std::env::current_exe().map_err(|err| format!("finding xtask: {err}"))?;
        // A copy, not a link: cargo may rebuild the task runner while Trunk
        // runs (`trunk serve`).
        fs::copy(&this, &stand_in).map_err(|err| {
            format!(
                "copying {} to {}: {err}",
                this.display(),
                stand_in.display()
            )
        })?;
        let mut paths = vec![dir];
        paths.extend(std::env::split_paths(&self.path));
        let path = std::env::join_paths(paths).map_err(|err| format!("building PATH: {err}"))?;
        let mut cmd = Cmd::new("trunk")
            .path(&path)
            .env(split::REAL_BINDGEN_ENV, real)
            .env(
                split::SPLIT_OUT_ENV,
                crate::root().join("target/xtask-split"),
            );
        if release {
            cmd = cmd.env(split::CHUNK_OPT_ENV, "z");
        }
        Ok(cmd)
    }

    /// Everything: build tools, wasm-opt and the test browser.
    pub fn ensure_all(root: &Path) -> Result<Tools> {
        let mut tools = Tools::ensure_build(root)?;
        ensure_npm_packages(root, &tools.path)?;
        let (chromium, chromedriver) = ensure_chromium()?;
        tools.chromium = chromium;
        tools.chromedriver = chromedriver;
        Ok(tools)
    }
}

/// The first `name` on `path`, as a shell would find it.
fn find_on_path(name: &str, path: &OsStr) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path)
        .map(|dir| dir.join(&file))
        .find(|candidate| candidate.is_file())
}

/// `PATH` with `$CARGO_HOME/bin` and `node_modules/.bin` in front, so the
/// versions installed here win over anything else on the machine (such as
/// Debian's wasm-opt 108).
fn tool_path(root: &Path) -> Result<OsString> {
    let cargo_bin = match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => {
            PathBuf::from(std::env::var_os("HOME").ok_or("HOME is not set")?).join(".cargo/bin")
        }
    };
    let mut paths = vec![cargo_bin, root.join("node_modules/.bin")];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).map_err(|err| format!("building PATH: {err}"))
}

fn ensure_wasm_target() -> Result<()> {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .read();
    match installed {
        Some(list) if list.lines().any(|line| line.trim() == WASM_TARGET) => Ok(()),
        Some(_) => {
            println!("installing the {WASM_TARGET} target");
            Cmd::new("rustup")
                .args(["target", "add", WASM_TARGET])
                .run()
        }
        None => {
            // No rustup: the toolchain came from elsewhere; say what is needed
            // if the target is missing rather than guessing how to add it.
            let sysroot = Cmd::new("rustc").args(["--print", "sysroot"]).read();
            let has_target = sysroot.is_some_and(|root| {
                Path::new(&root)
                    .join("lib/rustlib")
                    .join(WASM_TARGET)
                    .exists()
            });
            if has_target {
                Ok(())
            } else {
                Err(format!(
                    "the Rust target {WASM_TARGET} is missing and rustup is not available: \
                     install the target for your toolchain"
                ))
            }
        }
    }
}

/// The version a `<tool> --version` prints as its last word, e.g.
/// `trunk 0.21.14` -> `0.21.14`.
fn installed_version(tool: &str, path: &OsString) -> Option<String> {
    let out = Cmd::new(tool).arg("--version").path(path).read()?;
    out.split_whitespace().nth(1).map(str::to_owned)
}

fn ensure_trunk(path: &OsString) -> Result<()> {
    if installed_version("trunk", path).as_deref() == Some(TRUNK_VERSION) {
        return Ok(());
    }
    println!("installing trunk {TRUNK_VERSION} (several minutes, once)");
    Cmd::new("cargo")
        .args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"])
        .path(path)
        .run()
}

fn ensure_wasm_bindgen(root: &Path, path: &OsString) -> Result<()> {
    let version = locked_version(root, "wasm-bindgen")?;
    check_trunk_toml(root, &version)?;
    let cli = installed_version("wasm-bindgen", path);
    let runner = installed_version("wasm-bindgen-test-runner", path);
    if cli.as_deref() == Some(version.as_str()) && runner.as_deref() == Some(version.as_str()) {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {version} (a few minutes, once)");
    // Without --locked: the CLI's own lock file names crate versions the
    // registry here does not have (see TOOLCHAIN.md).
    Cmd::new("cargo")
        .args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ])
        .path(path)
        .run()
}

/// The version of `package` recorded in Cargo.lock.
pub fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock_path = root.join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .map_err(|err| format!("reading {}: {err}", lock_path.display()))?;
    find_locked_version(&lock, package)
        .ok_or_else(|| format!("Cargo.lock has no package {package:?}"))
}

fn find_locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return version.strip_suffix('"').map(str::to_owned);
        }
    }
    None
}

/// Trunk would try to download a different wasm-bindgen if Trunk.toml names
/// another version than the one the crate links; catch that here, plainly.
fn check_trunk_toml(root: &Path, version: &str) -> Result<()> {
    let trunk_toml = fs::read_to_string(root.join("Trunk.toml"))
        .map_err(|err| format!("reading Trunk.toml: {err}"))?;
    let expected = format!("wasm_bindgen = \"{version}\"");
    if trunk_toml.lines().any(|line| line.trim() == expected) {
        Ok(())
    } else {
        Err(format!(
            "Trunk.toml must say `{expected}` under [tools], to match Cargo.lock"
        ))
    }
}

fn ensure_npm_packages(root: &Path, path: &OsString) -> Result<()> {
    if Cmd::new("npm").arg("--version").path(path).read().is_none() {
        if can_apt() {
            apt_install(&["nodejs", "npm"])?;
        } else {
            return Err(
                "Node.js and npm are needed (for wasm-opt and the end-to-end tests): \
                 install them, e.g. `apt-get install nodejs npm`"
                    .to_owned(),
            );
        }
    }
    // npm writes node_modules/.package-lock.json on every install; if it is
    // newer than package-lock.json, the installed tree is current.
    let stamp = root.join("node_modules/.package-lock.json");
    if is_newer(&stamp, &root.join("package-lock.json")) && wasm_opt_ok(path) {
        return Ok(());
    }
    println!(
        "installing npm packages (binaryen, playwright-core, axe-core, papaparse, udsv, xlsx)"
    );
    Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .dir(root)
        .path(path)
        .run()?;
    if wasm_opt_ok(path) {
        Ok(())
    } else {
        Err(format!(
            "node_modules/.bin/wasm-opt is not version {WASM_OPT_VERSION} after `npm ci`"
        ))
    }
}

fn wasm_opt_ok(path: &OsString) -> bool {
    // `wasm-opt version 132 (version_132)`
    Cmd::new("wasm-opt")
        .arg("--version")
        .path(path)
        .read()
        .is_some_and(|out| out.starts_with(&format!("wasm-opt version {WASM_OPT_VERSION}")))
}

fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |path: &Path| fs::metadata(path).and_then(|meta| meta.modified()).ok();
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}

fn ensure_chromium() -> Result<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let driver = std::env::var_os("CHROMEDRIVER")
        .map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from);
    if !(chromium.exists() && driver.exists()) {
        if can_apt() {
            apt_install(&["chromium", "chromium-driver"])?;
        } else {
            return Err(format!(
                "the browser tests need Chromium and its chromedriver ({} and {}): \
                 install the Debian packages `chromium` and `chromium-driver`, or set \
                 CHROMIUM and CHROMEDRIVER to where they are",
                chromium.display(),
                driver.display()
            ));
        }
    }
    ensure_cjk_font()?;
    let browser_major = major_version(&chromium);
    let driver_major = major_version(&driver);
    if browser_major.is_none() || browser_major != driver_major {
        return Err(format!(
            "Chromium ({}) and chromedriver ({}) must have the same major version",
            browser_major.as_deref().unwrap_or("unknown"),
            driver_major.as_deref().unwrap_or("unknown")
        ));
    }
    Ok((chromium, driver))
}

/// Fonts with Chinese glyphs, either of which headless Chromium uses.
const CJK_FONTS: [&str; 2] = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
];

/// A fresh Debian has no Chinese font, so the browser tests' screenshots
/// (README's among them) would show boxes for every Chinese character.
fn ensure_cjk_font() -> Result<()> {
    if CJK_FONTS.iter().any(|font| Path::new(font).exists()) {
        return Ok(());
    }
    if can_apt() {
        apt_install(&["fonts-wqy-microhei"])
    } else {
        println!(
            "warning: no Chinese font ({}): screenshots will show boxes for Chinese; \
             install the Debian package `fonts-wqy-microhei`",
            CJK_FONTS.join(" or ")
        );
        Ok(())
    }
}

/// `Chromium 156.0.8078.73 built on Debian` / `ChromeDriver 156.0.8078.73 (...)`
fn major_version(binary: &Path) -> Option<String> {
    let out = Cmd::new(binary).arg("--version").read()?;
    let version = out
        .split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))?;
    version.split('.').next().map(str::to_owned)
}

fn can_apt() -> bool {
    let root_user = Cmd::new("id").arg("-u").read().as_deref() == Some("0");
    root_user && Path::new("/usr/bin/apt-get").exists()
}

fn apt_install(packages: &[&str]) -> Result<()> {
    println!("installing {} with apt-get", packages.join(" "));
    Cmd::new("apt-get").arg("update").run()?;
    Cmd::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            find_locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(find_locked_version(lock, "trunk"), None);
    }

    #[test]
    fn trunk_toml_matches_the_lock_file() {
        let root = crate::root();
        let version = locked_version(&root, "wasm-bindgen").unwrap();
        check_trunk_toml(&root, &version).unwrap();
    }
}
