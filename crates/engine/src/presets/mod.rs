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

/// What lists a preset: its name and description (English, Chinese), read
/// from its file at build time. It holds neither the scheme nor the sample,
/// so a list of presets can be shown without either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetInfo {
    pub name: [&'static str; 2],
    pub description: [&'static str; 2],
}

/// A preset as listed: its id (its scheme's id too) and [`PresetInfo`].
#[derive(Clone, Copy, Debug)]
pub struct Listed {
    pub id: &'static str,
    pub info: PresetInfo,
}

macro_rules! preset_info {
    ($id:literal) => {
        Listed {
            id: $id,
            info: include!(concat!(env!("OUT_DIR"), "/presets/", $id, ".info.rs")),
        }
    };
}

/// Every preset as listed, in the order of [`PRESETS`].
pub const LISTED: [Listed; 5] = [
    preset_info!("cs-department"),
    preset_info!("ecommerce"),
    preset_info!("reception"),
    preset_info!("call-centre"),
    preset_info!("credit-card"),
];

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
