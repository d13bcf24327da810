//! Score bands: the five colour bands a score falls in, the same on every
//! screen.

/// A score's band, for colour: the same five bands everywhere (table cells,
/// heat map, histogram), so a colour means the same thing on every screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScoreBand {
    /// 90 or more.
    Top,
    /// 80 to under 90.
    High,
    /// 70 to under 80.
    Middle,
    /// 60 to under 70.
    Low,
    /// Under 60.
    Bottom,
}

impl ScoreBand {
    pub const ALL: [ScoreBand; 5] = [
        ScoreBand::Top,
        ScoreBand::High,
        ScoreBand::Middle,
        ScoreBand::Low,
        ScoreBand::Bottom,
    ];

    /// The band of a score on the 0-100 scale (scores above 100 are Top).
    pub fn of(score: f64) -> ScoreBand {
        match score {
            s if s >= 90.0 => ScoreBand::Top,
            s if s >= 80.0 => ScoreBand::High,
            s if s >= 70.0 => ScoreBand::Middle,
            s if s >= 60.0 => ScoreBand::Low,
            _ => ScoreBand::Bottom,
        }
    }

    /// A stable name for CSS classes and tests.
    pub fn id(self) -> &'static str {
        match self {
            ScoreBand::Top => "top",
            ScoreBand::High => "high",
            ScoreBand::Middle => "middle",
            ScoreBand::Low => "low",
            ScoreBand::Bottom => "bottom",
        }
    }

    /// The band's colour (RGB), shared by the table's CSS and the charts.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            ScoreBand::Top => (26, 127, 75),
            ScoreBand::High => (98, 168, 92),
            ScoreBand::Middle => (214, 171, 54),
            ScoreBand::Low => (226, 125, 56),
            ScoreBand::Bottom => (196, 59, 59),
        }
    }
}
