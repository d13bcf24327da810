//! The scheme model: dimensions -> indicators, with weights, value sources,
//! curves, missing-data policies, gates, links and group overrides. This is
//! also the versioned JSON scheme file format (see docs/scheme-format.md).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::curve::{Curve, Direction};
use super::id::{formula_name, unique_id};

mod bonus_rule;

pub use bonus_rule::{BonusBasics, BonusRule, TopGroup};

/// The current scheme file format version.
pub const SCHEME_VERSION: u32 = 1;

/// The tag every scheme file carries in its `format` field.
pub const SCHEME_FORMAT: &str = "kpi-scheme";

/// A text in both languages of the product.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: String,
    #[serde(default)]
    pub zh: String,
}

impl Names {
    /// Both names the same (for ids and codes that need no translation).
    pub fn both(text: &str) -> Names {
        Names {
            en: text.to_owned(),
            zh: text.to_owned(),
        }
    }
}

/// A weighted KPI scheme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// Always `"kpi-scheme"`.
    #[serde(default = "default_format")]
    pub format: String,
    /// File format version; this build reads 1.
    pub version: u32,
    pub id: String,
    pub name: Names,
    #[serde(default)]
    pub description: Names,
    /// Which figures columns name the agent, the group and the period.
    #[serde(default)]
    pub columns: KeyColumns,
    /// The input columns the scheme's indicators read.
    #[serde(default)]
    pub inputs: Vec<Input>,
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub grading: Grading,
    /// The least coverage (percent of the total weight backed by an agent's
    /// own figures) that earns a total; below it the agent has no total,
    /// rank, grade or bonus. Absent: no minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 100))]
    pub min_coverage: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<BonusRule>,
    /// Named alternative weight sets over this scheme.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<WeightProfile>,
}

fn default_format() -> String {
    SCHEME_FORMAT.to_owned()
}

/// The figures columns that identify a row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyColumns {
    /// The agent's name or id.
    #[serde(default = "default_agent_column")]
    pub agent: String,
    /// The agent group (desk, team, industry) that selects target overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The period (e.g. `2026-10`); periods sort in natural order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

fn default_agent_column() -> String {
    "agent".to_owned()
}

impl Default for KeyColumns {
    fn default() -> Self {
        KeyColumns {
            agent: default_agent_column(),
            group: None,
            period: None,
        }
    }
}

/// An input column the scheme needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The id formulas use.
    pub id: String,
    pub name: Names,
    /// Other headers that mean this input (either language).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
}

/// A dimension (维度): a weighted group of indicators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub name: Names,
    /// Weight in the total; the dimensions' weights add up to 100.
    pub weight: f64,
    pub indicators: Vec<Indicator>,
}

/// An indicator (指标).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub name: Names,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    pub direction: Direction,
    pub value: ValueSource,
    pub curve: Curve,
    #[serde(default)]
    pub missing: MissingPolicy,
    /// Weight inside its dimension; a dimension's indicators add up to 100.
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Gate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_sample: Option<MinSample>,
    /// Curves (targets) for particular agent groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<GroupOverride>,
}

/// Where an indicator's value comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// An input column as it is.
    Column(String),
    /// A formula over input columns, e.g. `solved / raised * 100`.
    Formula(String),
    /// A weighted mean of rater columns (360-degree review).
    Raters(Vec<Rater>),
}

/// One rater of a 360-degree review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rater {
    pub role: RaterRole,
    pub column: String,
    /// The raters' weights add up to 100.
    pub weight: f64,
}

/// Who rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RaterRole {
    Customer,
    Supervisor,
    Peer,
    #[serde(rename = "self")]
    SelfRating,
}

/// What to do when an agent has no value for an indicator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Leave it out and re-spread its weight over the rest (N/A lowers the maximum).
    #[default]
    Exclude,
    /// Count it as a score of 0.
    Zero,
    /// Mark the agent incomplete: no total, rank, grade or bonus.
    Incomplete,
    /// Use the team median of the indicator's value in the same period.
    TeamMedian,
}

/// A critical indicator: a score under `below` triggers `effect`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The score level (0..100) under which the gate closes.
    pub below: f64,
    pub effect: GateEffect,
}

/// What a closed gate does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GateEffect {
    /// The indicator's dimension scores 0.
    ZeroDimension,
    /// The total is 0 (auto-fail).
    ZeroTotal,
    /// The grade is no better than this grade.
    CapGrade(String),
}

/// A linked pair: this indicator earns no points while `indicator`'s value
/// is worse than `worse_than` (speed must not pay when quality falls).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The id of the guarding indicator.
    pub indicator: String,
    /// The guard's value beyond which this indicator scores 0 (worse in the
    /// guard's direction: above it for lower-is-better, below it for
    /// higher-is-better).
    pub worse_than: f64,
}

/// A minimum sample: the count column behind a per-agent average (surveys
/// behind a CSAT, say). Under `min` the value is flagged as noise; with
/// `shrink` set to m it becomes (n*x + m*mean) / (n + m).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MinSample {
    pub count: String,
    pub min: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shrink: Option<f64>,
}

/// The curve (targets) for one agent group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupOverride {
    pub group: String,
    pub curve: Curve,
}

/// How totals become grades.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grading {
    /// Absolute bands, best first: a total of at least `min` earns `grade`.
    Bands { bands: Vec<GradeBand> },
    /// Forced distribution, best first: shares in percent adding up to 100.
    Forced { shares: Vec<GradeShare> },
}

impl Default for Grading {
    /// A >= 90, B >= 80, C >= 70, D below.
    fn default() -> Self {
        let band = |grade: &str, min: f64| GradeBand {
            grade: grade.to_owned(),
            min,
        };
        Grading::Bands {
            bands: vec![
                band("A", 90.0),
                band("B", 80.0),
                band("C", 70.0),
                band("D", f64::NEG_INFINITY),
            ],
        }
    }
}

impl Grading {
    /// The grades, best first.
    pub fn grades(&self) -> Vec<&str> {
        match self {
            Grading::Bands { bands } => bands.iter().map(|band| band.grade.as_str()).collect(),
            Grading::Forced { shares } => shares.iter().map(|share| share.grade.as_str()).collect(),
        }
    }
}

/// One absolute grade band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub grade: String,
    /// The lowest total that earns this grade; the last band usually has
    /// `null` (no lower bound).
    #[serde(with = "open_bound")]
    #[schemars(with = "Option<f64>")]
    pub min: f64,
}

/// One share of a forced distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeShare {
    pub grade: String,
    pub percent: f64,
}

/// A named weight set: replaces the weights of the dimensions and indicators
/// it names, keeps the others.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightProfile {
    pub id: String,
    pub name: Names,
    #[serde(default)]
    pub dimensions: BTreeMap<String, f64>,
    #[serde(default)]
    pub indicators: BTreeMap<String, f64>,
}

impl Indicator {
    /// The curve (targets) for an agent's group: the group's override if
    /// there is one, else the indicator's own.
    pub fn curve_for(&self, group: Option<&str>) -> &Curve {
        group
            .and_then(|group| self.overrides.iter().find(|o| o.group == group))
            .map_or(&self.curve, |o| &o.curve)
    }

    /// Whether this indicator reads the input with this id: as its value
    /// column, in its formula (one that does not parse reads nothing), as a
    /// rater or as its sample count.
    pub fn reads(&self, input: &str) -> bool {
        let in_value = match &self.value {
            ValueSource::Column(column) => column == input,
            ValueSource::Formula(text) => super::formula::parse(text)
                .is_ok_and(|formula| formula.columns().iter().any(|c| c.name == input)),
            ValueSource::Raters(raters) => raters.iter().any(|rater| rater.column == input),
        };
        in_value
            || self
                .min_sample
                .as_ref()
                .is_some_and(|sample| sample.count == input)
    }
}

impl Scheme {
    /// Every indicator with its dimension, in scheme order: the order of a
    /// scorecard's indicators, whose position in it is the indicator's
    /// index everywhere (results, explanations, exports).
    pub fn indicators(&self) -> impl Iterator<Item = (&Dimension, &Indicator)> {
        self.indexed_indicators()
            .map(|(d, indicator)| (&self.dimensions[d], indicator))
    }

    /// [`Scheme::indicators`] with the index of each one's dimension in
    /// place of the dimension, for looking up the dimension's results.
    pub fn indexed_indicators(&self) -> impl Iterator<Item = (usize, &Indicator)> {
        self.dimensions
            .iter()
            .enumerate()
            .flat_map(|(d, dimension)| {
                dimension
                    .indicators
                    .iter()
                    .map(move |indicator| (d, indicator))
            })
    }

    /// The one indicator that reads this input, if exactly one does: a
    /// problem with the input is then a problem with that indicator.
    pub fn sole_reader(&self, input: &str) -> Option<&Indicator> {
        let mut readers = self
            .indicators()
            .map(|(_, indicator)| indicator)
            .filter(|indicator| indicator.reads(input));
        match (readers.next(), readers.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators()
            .map(|(_, indicator)| indicator)
            .find(|indicator| indicator.id == id)
    }

    /// This scheme with a profile's weights in place of its own.
    pub fn with_profile(&self, profile: &WeightProfile) -> Scheme {
        let mut scheme = self.clone();
        for dimension in &mut scheme.dimensions {
            if let Some(weight) = profile.dimensions.get(&dimension.id) {
                dimension.weight = *weight;
            }
            for indicator in &mut dimension.indicators {
                if let Some(weight) = profile.indicators.get(&indicator.id) {
                    indicator.weight = *weight;
                }
            }
        }
        scheme
    }

    /// Declares an extra column of the figures as an input, so formulas can
    /// use it: the id is the header made into a formula name (letters,
    /// digits and `_`; not a reserved word; unique), the name is the header
    /// itself. Returns the id.
    pub fn add_input_from_header(&mut self, header: &str) -> String {
        let id = unique_id(&formula_name(header), |id| {
            self.inputs.iter().any(|input| input.id == id)
        });
        self.inputs.push(Input {
            id: id.clone(),
            name: Names::both(header.trim()),
            aliases: Vec::new(),
            unit: String::new(),
        });
        id
    }

    /// The profile with this id.
    pub fn profile(&self, id: &str) -> Option<&WeightProfile> {
        self.profiles.iter().find(|profile| profile.id == id)
    }

    /// Reads a scheme file.
    pub fn from_json(text: &str) -> Result<Scheme, SchemeFileError> {
        let scheme: Scheme = serde_json::from_str(text).map_err(|err| SchemeFileError::Json {
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        })?;
        if scheme.format != SCHEME_FORMAT {
            return Err(SchemeFileError::NotAScheme {
                format: scheme.format,
            });
        }
        if scheme.version > SCHEME_VERSION {
            return Err(SchemeFileError::Newer {
                version: scheme.version,
            });
        }
        Ok(scheme)
    }

    /// Writes the scheme file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scheme always serialises")
    }
}

/// Why a text is not a scheme this build can read. `Display` gives the
/// English sentence the CLI prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeFileError {
    /// Not JSON, or JSON that is not a scheme (a missing or misspelt field,
    /// a value of the wrong type). `message` is the JSON reader's own
    /// account, which names the field; it is only ever in English.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// A JSON file of another kind: its `format` is not `"kpi-scheme"`.
    NotAScheme { format: String },
    /// A scheme file of a version newer than [`SCHEME_VERSION`].
    Newer { version: u32 },
}

impl fmt::Display for SchemeFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemeFileError::Json {
                line,
                column,
                message,
            } => write!(f, "scheme file, line {line} column {column}: {message}"),
            SchemeFileError::NotAScheme { format } => write!(
                f,
                "not a scheme file: \"format\" is {format:?}, expected {SCHEME_FORMAT:?}"
            ),
            SchemeFileError::Newer { version } => write!(
                f,
                "scheme file version {version} is newer than this build reads ({SCHEME_VERSION})"
            ),
        }
    }
}

impl std::error::Error for SchemeFileError {}

/// `f64::NEG_INFINITY` as JSON `null` (JSON has no infinities).
mod open_bound {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            serializer.serialize_some(value)
        } else {
            serializer.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NEG_INFINITY))
    }
}

#[cfg(test)]
mod tests;
