//! Hash routing between the four areas.
//!
//! Why hash routes and not paths: the built page is hosted on plain static
//! hosts, often under a sub-path, where a deep link such as `/tools/kpi/data`
//! would hit the server and 404. `#/data` never leaves the page.

use leptos::prelude::*;

/// One of the four areas of the app, each reachable by URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Projects,
    Scheme,
    Data,
    Scorecards,
}

impl Area {
    /// Every area, in navigation order.
    pub const ALL: [Area; 4] = [Area::Projects, Area::Scheme, Area::Data, Area::Scorecards];

    /// The URL fragment of this area, e.g. `#/data`.
    pub fn hash(self) -> &'static str {
        match self {
            Area::Projects => "#/projects",
            Area::Scheme => "#/scheme",
            Area::Data => "#/data",
            Area::Scorecards => "#/scorecards",
        }
    }

    /// The area a URL fragment names; the scheme area for an empty or unknown
    /// fragment, so an old or mistyped link still lands somewhere useful.
    pub fn from_hash(hash: &str) -> Area {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let first = path.split(['/', '?']).next().unwrap_or_default();
        match first {
            "projects" => Area::Projects,
            "data" => Area::Data,
            "scorecards" => Area::Scorecards,
            _ => Area::Scheme,
        }
    }

    /// A stable name for `data-testid` attributes.
    pub fn id(self) -> &'static str {
        match self {
            Area::Projects => "projects",
            Area::Scheme => "scheme",
            Area::Data => "data",
            Area::Scorecards => "scorecards",
        }
    }
}

/// The current area, kept in step with `location.hash`.
pub fn use_current_area() -> ReadSignal<Area> {
    let initial = window().location().hash().unwrap_or_default();
    let (area, set_area) = signal(Area::from_hash(&initial));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        set_area.set(Area::from_hash(&hash));
    });
    on_cleanup(move || handle.remove());
    area
}
