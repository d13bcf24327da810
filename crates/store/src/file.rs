//! Files a user opens and saves: a scheme file (`kpi-scheme`), one project
//! (`kpi-project`) or every project (`kpi-projects`), documented in
//! docs/project-format.md with a JSON Schema.
//!
//! Opening is checked in three steps, each before the next costs anything:
//! size and nesting (a scan that allocates nothing), then parsing (each
//! problem names the JSON path where it is), then the content (formats,
//! versions, mappings that name columns the table has). A file with any
//! problem opens nothing.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::workspace::View;
use kpi_engine::dataset::{DATASET_FORMAT, DATASET_VERSION, Dataset};
use kpi_engine::mapping::ColumnMapping;
use kpi_engine::scheme::{SCHEME_FORMAT, SCHEME_VERSION, Scheme};

/// The format name of one project's file.
pub const PROJECT_FORMAT: &str = "kpi-project";
/// The format name of a file of every project.
pub const PROJECTS_FORMAT: &str = "kpi-projects";
/// The version of both this build reads and writes.
pub const FILE_VERSION: u32 = 1;
/// The largest file opened.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The deepest nesting of arrays and objects opened. Real files reach
/// about 12 (a formula's tree is text, not JSON).
pub const MAX_DEPTH: usize = 64;

/// A project as a file holds it.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
pub struct ProjectData {
    pub name: String,
    pub scheme: Scheme,
    /// The figures imported for it, in the stored dataset format.
    #[serde(default)]
    #[schemars(with = "serde_json::Value")]
    pub dataset: Dataset,
    #[serde(default)]
    #[schemars(with = "serde_json::Value")]
    pub view: View,
}

/// One project's file: a project with the format and version. (Not
/// `#[serde(flatten)]`: that would compile every deserialiser a second time,
/// through serde's buffering, and the page would carry both.)
#[derive(Deserialize, JsonSchema)]
pub struct ProjectFile {
    /// Always "kpi-project".
    pub format: String,
    pub version: u32,
    pub name: String,
    pub scheme: Scheme,
    #[serde(default)]
    #[schemars(with = "serde_json::Value")]
    pub dataset: Dataset,
    #[serde(default)]
    #[schemars(with = "serde_json::Value")]
    pub view: View,
}

/// Every project's file, with the column mappings remembered per scheme.
#[derive(Deserialize, JsonSchema)]
pub struct ProjectsFile {
    /// Always "kpi-projects".
    pub format: String,
    pub version: u32,
    pub projects: Vec<ProjectData>,
    #[serde(default)]
    #[schemars(with = "serde_json::Value")]
    pub mappings: BTreeMap<String, ColumnMapping>,
}

/// What a file held.
#[derive(Debug, PartialEq)]
pub enum Opened {
    /// A scheme file: a new project of it.
    Scheme(Box<Scheme>),
    /// One project or several, with the mappings they came with.
    Projects {
        projects: Vec<ProjectData>,
        mappings: BTreeMap<String, ColumnMapping>,
    },
}

/// Why a file opened nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    TooLarge {
        bytes: usize,
    },
    NotText,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`], at this line.
    TooDeep {
        line: usize,
    },
    /// Not JSON at all: the first fault.
    Syntax {
        line: usize,
        column: usize,
    },
    /// JSON, but not one of ours.
    Format {
        found: Option<String>,
    },
    /// One of ours, from a newer page.
    Newer {
        format: String,
        version: u32,
    },
    /// A value at `path` is not what the format holds there.
    Value {
        path: String,
        problem: ValueProblem,
    },
}

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueProblem {
    /// A field the format requires is not there.
    Missing { field: String },
    /// A name the format does not know (a direction, a curve kind).
    Unknown { value: String },
    /// A value of the wrong kind (text for a number…).
    WrongType,
    /// An item of another format or a newer version inside the file.
    Format { expected: String },
    /// A mapping names a column the table does not have.
    NoSuchColumn { column: String },
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::TooLarge { bytes } => {
                write!(f, "the file is {bytes} bytes, over {MAX_FILE_BYTES}")
            }
            FileError::NotText => write!(f, "the file is not UTF-8 text"),
            FileError::TooDeep { line } => {
                write!(f, "line {line}: nested deeper than {MAX_DEPTH}")
            }
            FileError::Syntax { line, column } => {
                write!(f, "line {line}, column {column}: not JSON")
            }
            FileError::Format { found } => write!(f, "not a scheme or project file ({found:?})"),
            FileError::Newer { format, version } => {
                write!(f, "{format} version {version} is newer than this page")
            }
            FileError::Value { path, problem } => write!(f, "at {path}: {problem:?}"),
        }
    }
}

/// Scans for nesting deeper than [`MAX_DEPTH`] outside strings, without
/// allocating, so a hostile file cannot exhaust the parser's stack.
fn check_depth(text: &str) -> Result<(), FileError> {
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in text.bytes() {
        if byte == b'\n' {
            line += 1;
        }
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(FileError::TooDeep { line });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Names serde's complaint as data.
fn value_problem(message: &str) -> ValueProblem {
    let quoted = |prefix: &str| {
        let rest = message.strip_prefix(prefix)?;
        let end = rest.find('`')?;
        Some(rest[..end].to_owned())
    };
    if let Some(field) = quoted("missing field `") {
        ValueProblem::Missing { field }
    } else if let Some(value) = quoted("unknown variant `") {
        ValueProblem::Unknown { value }
    } else {
        ValueProblem::WrongType
    }
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, FileError> {
    serde_json::from_str(text).map_err(|err| {
        if err.is_syntax() || err.is_eof() {
            FileError::Syntax {
                line: err.line(),
                column: err.column(),
            }
        } else {
            FileError::Value {
                path: path_at(text, err.line(), err.column()),
                problem: value_problem(&err.to_string()),
            }
        }
    })
}

/// Whether the object closing at byte `close` had a key: anything but
/// blanks since its opening brace.
fn steps_in_object(text: &str, close: usize) -> bool {
    let before = text[..close].trim_end();
    !before.ends_with('{')
}

/// The JSON path (`projects[1].scheme.dimensions[0].weight`) of the value
/// at a line and column of valid JSON, as serde reports an error: the value
/// being read there, or, at an object's closing brace (a missing field),
/// the object. One pass with a stack of keys and indices, instead of a
/// second, path-tracking copy of every deserialiser.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    // The byte serde stopped at: it reports the column after it.
    let mut offset = text.len();
    let mut current_line = 1;
    for (i, byte) in text.bytes().enumerate() {
        if current_line == line {
            offset = (i + column).saturating_sub(1).min(text.len());
            break;
        }
        if byte == b'\n' {
            current_line += 1;
        }
    }
    enum Step {
        Key(String),
        Index(usize),
    }
    // Per open container, whether it is an object; per open array, the
    // index being read; the path so far.
    let mut stack: Vec<bool> = Vec::new();
    let mut pending_key: Option<String> = None;
    let mut expecting_key = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut index_of: Vec<usize> = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    while i <= offset.min(bytes.len().saturating_sub(1)) {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expecting_key {
                    let key = text.get(start..i.min(text.len())).unwrap_or_default();
                    pending_key = Some(key.to_owned());
                }
            }
            b':' => {
                expecting_key = false;
                if let Some(key) = pending_key.take() {
                    steps.push(Step::Key(key));
                }
            }
            b'{' | b'[' => {
                let is_object = bytes[i] == b'{';
                stack.push(is_object);
                index_of.push(0);
                if !is_object {
                    steps.push(Step::Index(0));
                }
                expecting_key = is_object;
            }
            b',' => {
                if let Some(&is_object) = stack.last() {
                    steps.pop();
                    if is_object {
                        expecting_key = true;
                    } else if let Some(n) = index_of.last_mut() {
                        *n += 1;
                        steps.push(Step::Index(*n));
                    }
                }
            }
            b'}' | b']' => {
                let was_object = stack.pop().unwrap_or(false);
                index_of.pop();
                // The last step inside (a key or an index) closes with it;
                // the step into this container closes at the next comma.
                // An empty object pushed no key.
                let entered = !was_object || steps_in_object(text, i);
                if entered {
                    steps.pop();
                }
                expecting_key = false;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key);
            }
            Step::Index(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

#[derive(Deserialize)]
struct Head {
    format: Option<String>,
    version: Option<u32>,
}

/// Opens a file's bytes: a scheme, a project or every project.
pub fn open_file(bytes: &[u8]) -> Result<Opened, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { bytes: bytes.len() });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::NotText)?;
    check_depth(text)?;
    let head: Head = match serde_json::from_str(text) {
        Ok(head) => head,
        Err(err) if err.is_syntax() || err.is_eof() => {
            return Err(FileError::Syntax {
                line: err.line(),
                column: err.column(),
            });
        }
        Err(_) => return Err(FileError::Format { found: None }),
    };
    let format = head.format.unwrap_or_default();
    let version = head.version.unwrap_or(0);
    let newest = match format.as_str() {
        SCHEME_FORMAT => SCHEME_VERSION,
        PROJECT_FORMAT | PROJECTS_FORMAT => FILE_VERSION,
        _ => {
            return Err(FileError::Format {
                found: (!format.is_empty()).then_some(format),
            });
        }
    };
    if version > newest {
        return Err(FileError::Newer { format, version });
    }
    let opened = match format.as_str() {
        SCHEME_FORMAT => Opened::Scheme(Box::new(parse::<Scheme>(text)?)),
        PROJECT_FORMAT => {
            let file = parse::<ProjectFile>(text)?;
            Opened::Projects {
                projects: vec![ProjectData {
                    name: file.name,
                    scheme: file.scheme,
                    dataset: file.dataset,
                    view: file.view,
                }],
                mappings: BTreeMap::new(),
            }
        }
        _ => {
            let file = parse::<ProjectsFile>(text)?;
            Opened::Projects {
                projects: file.projects,
                mappings: file.mappings,
            }
        }
    };
    if let Opened::Projects { projects, .. } = &opened {
        let prefix = if format == PROJECTS_FORMAT {
            "projects"
        } else {
            ""
        };
        for (i, project) in projects.iter().enumerate() {
            let at = if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}[{i}].")
            };
            check_project(project, &at)?;
        }
    }
    Ok(opened)
}

/// What parsing cannot see: the formats and versions inside, and mappings
/// that name columns their tables have.
fn check_project(project: &ProjectData, at: &str) -> Result<(), FileError> {
    let wrong = |path: &str, expected: String| FileError::Value {
        path: format!("{at}{path}"),
        problem: ValueProblem::Format { expected },
    };
    if project.scheme.format != SCHEME_FORMAT || project.scheme.version > SCHEME_VERSION {
        return Err(wrong("scheme", format!("{SCHEME_FORMAT} {SCHEME_VERSION}")));
    }
    let dataset = &project.dataset;
    if dataset.format != DATASET_FORMAT || dataset.version > DATASET_VERSION {
        return Err(wrong(
            "dataset",
            format!("{DATASET_FORMAT} {DATASET_VERSION}"),
        ));
    }
    if View::from_json(&project.view.to_json()).is_err() {
        return Err(wrong("view", "kpi-view 2".to_owned()));
    }
    for (s, source) in dataset.sources.iter().enumerate() {
        let headers = source.table.headers();
        let mapping = &source.mapping;
        let roles = [
            ("agent", mapping.agent.as_ref()),
            ("group", mapping.group.as_ref()),
            ("period", mapping.period.as_ref()),
        ];
        let named =
            roles
                .into_iter()
                .filter_map(|(role, column)| Some((role.to_owned(), column?)))
                .chain(mapping.inputs.iter().filter_map(|(input, column)| {
                    Some((format!("inputs.{input}"), column.as_ref()?))
                }));
        for (role, column) in named {
            if !headers.contains(column) {
                return Err(FileError::Value {
                    path: format!("{at}dataset.sources[{s}].mapping.{role}"),
                    problem: ValueProblem::NoSuchColumn {
                        column: column.clone(),
                    },
                });
            }
        }
    }
    Ok(())
}

/// A JSON string literal.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// One project's fields, written from each part's own JSON: the page then
/// carries no second serialiser of the scheme or the figures.
fn project_fields(project: &ProjectData) -> String {
    format!(
        "\"name\":{},\"scheme\":{},\"dataset\":{},\"view\":{}",
        quoted(&project.name),
        project.scheme.to_json(),
        project.dataset.to_json(),
        project.view.to_json()
    )
}

/// One project as a file.
pub fn project_file(project: &ProjectData) -> String {
    format!(
        "{{\"format\":\"{PROJECT_FORMAT}\",\"version\":{FILE_VERSION},{}}}",
        project_fields(project)
    )
}

/// Every project as one file.
pub fn projects_file(
    projects: Vec<ProjectData>,
    mappings: BTreeMap<String, ColumnMapping>,
) -> String {
    let projects: Vec<String> = projects
        .iter()
        .map(|project| format!("{{{}}}", project_fields(project)))
        .collect();
    format!(
        "{{\"format\":\"{PROJECTS_FORMAT}\",\"version\":{FILE_VERSION},\"projects\":[{}],\"mappings\":{}}}",
        projects.join(","),
        serde_json::to_string(&mappings).expect("plain data")
    )
}

/// A project file: one project (`kpi-project`) or every project
/// (`kpi-projects`).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)]
enum ProjectFiles {
    One(ProjectFile),
    All(ProjectsFile),
}

/// The JSON Schema of both project files (docs/project.schema.json).
pub fn projects_schema() -> String {
    let schema = schemars::schema_for!(ProjectFiles);
    serde_json::to_string_pretty(&schema).expect("plain data")
}
