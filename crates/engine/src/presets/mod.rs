//! Ready-made schemes taken from the customer-service schemes in the domain
//! brief, each with a sample team to try it on. The schemes and teams are
//! plain files next to this one (`<id>.json`, `<id>.csv`), compiled in
//! (the schemes without their indentation, by `build.rs`).

use super::scheme::Scheme;

/// A built-in scheme and its sample team.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    pub id: &'static str,
    /// The scheme file.
    pub scheme: &'static str,
    /// The sample team as CSV (UTF-8, a header row of input ids).
    pub sample: &'static str,
}

/// The preset `id`: its scheme and sample team from `id.json` and `id.csv`
/// beside this file.
macro_rules! preset_files {
    ($id:literal) => {
        Preset {
            id: $id,
            // Without the whitespace between tokens (see build.rs).
            scheme: include_str!(concat!(env!("OUT_DIR"), "/presets/", $id, ".json")),
            sample: include_str!(concat!($id, ".csv")),
        }
    };
}

/// Every preset, in the order the brief lists them.
pub const PRESETS: [Preset; 5] = [
    preset_files!("cs-department"),
    preset_files!("ecommerce"),
    preset_files!("reception"),
    preset_files!("call-centre"),
    preset_files!("credit-card"),
];

impl Preset {
    /// The preset's scheme. Every preset parses and validates (tests/presets.rs).
    pub fn scheme(&self) -> Scheme {
        Scheme::from_json(self.scheme).expect("a built-in preset is a valid scheme file")
    }

    /// The file name its sample team downloads as.
    pub fn sample_file_name(&self) -> String {
        format!("{}-sample.csv", self.id)
    }
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}
