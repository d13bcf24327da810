//! `kpi`: the scoring engine on the command line, for consultants' batch runs
//! and for tests. Same engine as the page; errors go to stderr with a
//! non-zero exit.

use std::io::Write;
use std::process::ExitCode;

use kpi_engine::export::{results_json, write_results_csv};
use kpi_engine::figures::Figures;
use kpi_engine::issue::{IssueKind, Severity};
use kpi_engine::reading::{ReadAs, ReadChoice, XlsxError};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{TeamResult, score_team};
use kpi_engine::validate::validate;
use kpi_read::read_file;

// Scoring a large file is mostly small allocations (a scorecard per agent and
// period); with mimalloc a 300,000-agent run takes a quarter less user time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  kpi score --scheme SCHEME.json --figures FIGURES.csv|.xlsx [--sheet NAME] [--profile ID]
            [--format csv|json] [--out FILE]
  kpi validate --scheme SCHEME.json
  kpi schema                       print the JSON Schema of scheme files
  kpi project-schema               print the JSON Schema of project files

Scores every agent (per period) and writes the results as CSV (default) or
JSON to FILE or standard output. Figures are read as the page reads them:
comma-, semicolon- or tab-separated text in UTF-8 (with or without a BOM),
UTF-16 with a BOM, or GBK; or a sheet of an Excel .xlsx workbook (the first,
or --sheet NAME). Problems in the figures are listed on standard error;
scoring goes on past them.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kpi: {message}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Default)]
struct Options {
    scheme: Option<String>,
    figures: Option<String>,
    sheet: Option<String>,
    profile: Option<String>,
    format: Option<String>,
    out: Option<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let slot = match arg.as_str() {
            "--scheme" => &mut options.scheme,
            "--figures" => &mut options.figures,
            "--sheet" => &mut options.sheet,
            "--profile" => &mut options.profile,
            "--format" => &mut options.format,
            "--out" => &mut options.out,
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
        };
        *slot = Some(
            rest.next()
                .ok_or_else(|| format!("{arg} needs a value"))?
                .clone(),
        );
    }
    Ok(options)
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("{path}: {err}"))
}

fn load_scheme(options: &Options) -> Result<Scheme, String> {
    let path = options.scheme.as_deref().ok_or("--scheme is required")?;
    Scheme::from_json(&read(path)?).map_err(|err| format!("{path}: {err}"))
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("score") => score(&parse_options(&args[1..])?),
        Some("validate") => {
            let scheme = load_scheme(&parse_options(&args[1..])?)?;
            let errors = validate(&scheme);
            if errors.is_empty() {
                println!("scheme {:?} is valid", scheme.id);
                Ok(())
            } else {
                for error in &errors {
                    eprintln!("{:?}: {error}", error.location);
                }
                Err(format!("the scheme has {} problem(s)", errors.len()))
            }
        }
        Some("schema") => {
            let schema = schemars::schema_for!(Scheme);
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).map_err(|err| err.to_string())?
            );
            Ok(())
        }
        Some("project-schema") => {
            println!("{}", kpi_store::file::projects_schema());
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    }
}

fn score(options: &Options) -> Result<(), String> {
    let mut scheme = load_scheme(options)?;
    if let Some(id) = &options.profile {
        let profile = scheme
            .profile(id)
            .ok_or_else(|| format!("the scheme has no weight profile {id:?}"))?
            .clone();
        scheme = scheme.with_profile(&profile);
    }
    let figures_path = options.figures.as_deref().ok_or("--figures is required")?;
    let bytes = std::fs::read(figures_path).map_err(|err| format!("{figures_path}: {err}"))?;
    // The page's reading stage, whole: a workbook by its name or signature,
    // anything else as text.
    let choice = ReadChoice {
        sheet: options.sheet.clone(),
        ..ReadChoice::default()
    };
    let read = read_file(figures_path, bytes, &choice, &mut |_| {})
        .map_err(|err| format!("{figures_path}: {err}"))?;
    if let (Some(sheet), ReadAs::Sheet { .. }) = (&options.sheet, &read.read) {
        // The page falls back to the first sheet when a remembered one is
        // gone; a sheet named on the command line must exist.
        if !read.sheets.contains(sheet) {
            let error = XlsxError::NoSheet {
                name: sheet.clone(),
                sheets: read.sheets,
            };
            return Err(format!("{figures_path}: {error}"));
        }
    }
    if let (ReadAs::Text { encoding, .. }, replaced @ 1..) = (&read.read, read.replaced) {
        eprintln!(
            "{figures_path}: {replaced} characters could not be read as {} and were replaced",
            encoding.label()
        );
    }
    let (table, table_issues) = (read.table, read.table_issues);
    let (figures, issues) = Figures::from_table(&scheme, &table);
    drop(table);
    let issues: Vec<_> = table_issues.into_iter().chain(issues).collect();
    let result = score_team(&scheme, &figures).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|error| format!("  {error}")).collect();
        format!(
            "the scheme is invalid, nothing was scored:\n{}",
            lines.join("\n")
        )
    })?;
    // Typing names each column the figures lack, at the header row; scoring
    // says the same again of the figures it was given. Each is printed once.
    let team_issues = result.issues.iter().filter(|issue| {
        !(matches!(issue.kind, IssueKind::MissingColumn { .. })
            && issues.iter().any(|typed| typed.kind == issue.kind))
    });
    let card_issues = result.cards.iter().flat_map(|card| &card.issues);
    // A large file can have thousands of warnings: not a system call each.
    let mut stderr = std::io::BufWriter::new(std::io::stderr().lock());
    for issue in issues.iter().chain(team_issues).chain(card_issues) {
        if issue.severity >= Severity::Warning {
            // Nothing sensible is left to do if standard error is closed.
            let _ = writeln!(stderr, "{figures_path}: {issue}");
        }
    }
    let _ = stderr.flush();
    drop(stderr);
    drop(figures);
    let csv = match options.format.as_deref().unwrap_or("csv") {
        "csv" => true,
        "json" => false,
        other => return Err(format!("--format must be csv or json, not {other:?}")),
    };
    let written = match &options.out {
        Some(path) => write_file(path, &mut |out| write_results(csv, &scheme, &result, out)),
        None => {
            let mut stdout = std::io::stdout().lock();
            write_results(csv, &scheme, &result, &mut stdout)
                .and_then(|()| stdout.flush())
                .map_err(|err| format!("standard output: {err}"))
        }
    };
    // The process ends next: freeing every scorecard one allocation at a
    // time would be measurable work for nothing.
    std::mem::forget(result);
    written
}

/// The results as CSV, a few hundred KB at a time, or as JSON.
fn write_results(
    csv: bool,
    scheme: &Scheme,
    result: &TeamResult,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if !csv {
        return out.write_all(results_json(scheme, result).as_bytes());
    }
    let mut failed = None;
    write_results_csv(scheme, result, 256 * 1024, &mut |piece| {
        if failed.is_none() {
            failed = out.write_all(piece.as_bytes()).err();
        }
    });
    failed.map_or(Ok(()), Err)
}

/// Writes `path` whole or not at all: into a file beside it, renamed over
/// it once complete, so a failed write (a full disk) leaves what was there.
fn write_file(
    path: &str,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let target = std::path::Path::new(path);
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |name| name.to_string_lossy());
    let partial = target.with_file_name(format!(".{name}.kpi-partial"));
    let result = std::fs::File::create(&partial).and_then(|mut file| {
        write(&mut file)?;
        drop(file);
        std::fs::rename(&partial, target)
    });
    result.map_err(|err| {
        let _ = std::fs::remove_file(&partial);
        format!("{path}: {err}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_fails_part_way_leaves_the_file_as_it_was() {
        let path = std::env::temp_dir().join(format!("kpi-write-{}.csv", std::process::id()));
        std::fs::write(&path, "what was there").unwrap();
        let path_text = path.to_str().unwrap();
        let failed = write_file(path_text, &mut |out| {
            out.write_all(b"the first half")?;
            Err(std::io::Error::other("disk full"))
        });
        let error = failed.unwrap_err();
        assert!(
            error.contains(path_text) && error.contains("disk full"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "what was there");
        let partial = path.with_file_name(format!(
            ".{}.kpi-partial",
            path.file_name().unwrap().to_string_lossy()
        ));
        assert!(!partial.exists());
        // A write that completes replaces it.
        write_file(path_text, &mut |out| out.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        std::fs::remove_file(&path).unwrap();
    }
}
