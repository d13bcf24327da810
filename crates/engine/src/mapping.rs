//! Matching the columns of an imported table to what the scheme needs: the
//! agent, group and period columns and each input. Matching is automatic
//! (by id, name or alias in either language, plus common synonyms for the
//! key columns); the user can change any match; the mapping is saved with
//! the scheme by header text, so a new upload with the same headers maps
//! the same way.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::scheme::Scheme;
use super::value::half_width;

/// Which table header feeds each role; `None` is unmapped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub agent: Option<String>,
    pub group: Option<String>,
    pub period: Option<String>,
    /// Input id -> header.
    pub inputs: BTreeMap<String, Option<String>>,
}

/// Headers that mean the agent, group or period, besides the scheme's own
/// column names (common in Chinese and English exports).
const AGENT: [&str; 10] = [
    "agent",
    "name",
    "staff",
    "employee",
    "客服",
    "坐席",
    "姓名",
    "员工",
    "客服姓名",
    "坐席姓名",
];
const GROUP: [&str; 8] = [
    "group", "desk", "team", "组", "组别", "班组", "小组", "团队",
];
const PERIOD: [&str; 8] = [
    "period",
    "month",
    "date",
    "周期",
    "月份",
    "期间",
    "日期",
    "统计周期",
];

/// A header reduced for comparison: case, width, spaces, `_` and `-`
/// ignored, so `First Response`, `first_response` and `ＦＩＲＳＴ-response`
/// match.
/// Headers longer than this match nothing: no real header is, and a
/// pathological file (30 MB on one line) must not be folded and lowered
/// whole on every match.
pub const MAX_MATCHED_HEADER: usize = 1_000;

pub fn normalise(header: &str) -> String {
    if header.len() > MAX_MATCHED_HEADER {
        return String::new();
    }
    half_width(header)
        .chars()
        .filter(|c| !(c.is_whitespace() || *c == '_' || *c == '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Maps `headers` for `scheme`. A remembered mapping wins where its header
/// is still present; the rest is matched automatically; a header serves at
/// most one role.
pub fn auto_map(
    scheme: &Scheme,
    headers: &[String],
    remembered: Option<&ColumnMapping>,
) -> ColumnMapping {
    let normalised: Vec<String> = headers.iter().map(|header| normalise(header)).collect();
    let mut taken = vec![false; headers.len()];
    // The first wanted name that matches a free header claims it.
    let mut claim = |preferred: Option<&str>, names: Vec<&str>| -> Option<String> {
        for name in preferred.into_iter().chain(names).map(normalise) {
            if name.is_empty() {
                continue;
            }
            // An empty normalised header (none, or too long) matches nothing.
            if let Some(index) = (0..headers.len())
                .find(|&i| !taken[i] && !normalised[i].is_empty() && normalised[i] == name)
            {
                taken[index] = true;
                return Some(headers[index].clone());
            }
        }
        None
    };
    let remembered_header = |pick: &dyn Fn(&ColumnMapping) -> Option<&String>| {
        remembered.and_then(pick).map(String::as_str)
    };

    let agent = claim(
        remembered_header(&|m| m.agent.as_ref()),
        std::iter::once(scheme.columns.agent.as_str())
            .chain(AGENT)
            .collect(),
    );
    let group = match &scheme.columns.group {
        Some(name) => claim(
            remembered_header(&|m| m.group.as_ref()),
            std::iter::once(name.as_str()).chain(GROUP).collect(),
        ),
        None => None,
    };
    let period = match &scheme.columns.period {
        Some(name) => claim(
            remembered_header(&|m| m.period.as_ref()),
            std::iter::once(name.as_str()).chain(PERIOD).collect(),
        ),
        None => None,
    };
    let mut inputs = BTreeMap::new();
    for input in &scheme.inputs {
        let preferred = remembered
            .and_then(|m| m.inputs.get(&input.id))
            .and_then(Option::as_ref)
            .map(String::as_str);
        let names = std::iter::once(input.id.as_str())
            .chain([input.name.en.as_str(), input.name.zh.as_str()])
            .chain(input.aliases.iter().map(String::as_str))
            .collect();
        inputs.insert(input.id.clone(), claim(preferred, names));
    }
    ColumnMapping {
        agent,
        group,
        period,
        inputs,
    }
}

impl ColumnMapping {
    /// The inputs (and the agent column) left unmapped, in scheme order:
    /// what the user must still match before everything can be scored.
    pub fn unmapped(&self, scheme: &Scheme) -> Vec<String> {
        let mut missing = Vec::new();
        if self.agent.is_none() {
            missing.push(scheme.columns.agent.clone());
        }
        missing.extend(self.unmapped_inputs(scheme));
        missing
    }

    /// The ids of the inputs left unmapped, in scheme order.
    pub fn unmapped_inputs(&self, scheme: &Scheme) -> Vec<String> {
        scheme
            .inputs
            .iter()
            .filter(|input| self.inputs.get(&input.id).is_none_or(Option::is_none))
            .map(|input| input.id.clone())
            .collect()
    }

    /// Headers that feed no role: kept as extra columns under their own
    /// names.
    pub fn extras<'h>(&self, headers: &'h [String]) -> Vec<&'h String> {
        let used: Vec<&String> = [&self.agent, &self.group, &self.period]
            .into_iter()
            .flatten()
            .chain(self.inputs.values().flatten())
            .collect();
        headers
            .iter()
            .filter(|header| !header.trim().is_empty() && !used.contains(header))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::{Input, KeyColumns, Names};

    fn scheme() -> Scheme {
        let mut scheme: Scheme = serde_json::from_str(
            r#"{"version": 1, "id": "t", "name": {"en": "T"}, "dimensions": []}"#,
        )
        .unwrap();
        scheme.columns = KeyColumns {
            agent: "agent".to_owned(),
            group: Some("desk".to_owned()),
            period: Some("month".to_owned()),
        };
        scheme.inputs = vec![
            Input {
                id: "consultations".to_owned(),
                name: Names {
                    en: "Consultations".to_owned(),
                    zh: "咨询量".to_owned(),
                },
                aliases: vec!["接待量".to_owned()],
                unit: String::new(),
            },
            Input {
                id: "first_response".to_owned(),
                name: Names {
                    en: "First response".to_owned(),
                    zh: "首次响应时长".to_owned(),
                },
                aliases: Vec::new(),
                unit: "s".to_owned(),
            },
        ];
        scheme
    }

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn matches_chinese_headers_by_synonym_name_and_alias() {
        let headers = headers(&["坐席", "组别", "月份", "接待量", "首次响应时长", "备注"]);
        let mapping = auto_map(&scheme(), &headers, None);
        assert_eq!(mapping.agent.as_deref(), Some("坐席"));
        assert_eq!(mapping.group.as_deref(), Some("组别"));
        assert_eq!(mapping.period.as_deref(), Some("月份"));
        assert_eq!(mapping.inputs["consultations"].as_deref(), Some("接待量"));
        assert_eq!(
            mapping.inputs["first_response"].as_deref(),
            Some("首次响应时长")
        );
        assert!(mapping.unmapped(&scheme()).is_empty());
        assert_eq!(mapping.extras(&headers), [&"备注".to_owned()]);
    }

    #[test]
    fn matches_english_headers_ignoring_case_width_and_separators() {
        let headers = headers(&[
            "Agent Name",
            "NAME",
            "first_response",
            "ＣＯＮＳＵＬＴＡＴＩＯＮＳ",
        ]);
        let mapping = auto_map(&scheme(), &headers, None);
        assert_eq!(mapping.agent.as_deref(), Some("NAME"));
        assert_eq!(
            mapping.inputs["first_response"].as_deref(),
            Some("first_response")
        );
        assert_eq!(
            mapping.inputs["consultations"].as_deref(),
            Some("ＣＯＮＳＵＬＴＡＴＩＯＮＳ")
        );
        assert_eq!(mapping.extras(&headers), [&"Agent Name".to_owned()]);
    }

    #[test]
    fn lists_what_is_unmapped() {
        let mapping = auto_map(&scheme(), &headers(&["客服", "咨询量"]), None);
        assert_eq!(mapping.unmapped(&scheme()), ["first_response"]);
        let mapping = auto_map(&scheme(), &headers(&["who", "咨询量"]), None);
        assert_eq!(mapping.unmapped(&scheme()), ["agent", "first_response"]);
        // The agent column is a key, not an input.
        assert_eq!(mapping.unmapped_inputs(&scheme()), ["first_response"]);
    }

    #[test]
    fn a_remembered_mapping_wins_while_its_header_exists() {
        let headers = headers(&["客服", "工号", "接待量", "咨询量"]);
        let mut remembered = auto_map(&scheme(), &headers, None);
        assert_eq!(
            remembered.inputs["consultations"].as_deref(),
            Some("咨询量")
        );
        remembered.agent = Some("工号".to_owned());
        remembered
            .inputs
            .insert("consultations".to_owned(), Some("接待量".to_owned()));
        let again = auto_map(&scheme(), &headers, Some(&remembered));
        assert_eq!(again.agent.as_deref(), Some("工号"));
        assert_eq!(again.inputs["consultations"].as_deref(), Some("接待量"));
        // A header that is gone falls back to automatic matching.
        let fewer = auto_map(
            &scheme(),
            &headers[..1]
                .iter()
                .chain(&headers[3..])
                .cloned()
                .collect::<Vec<_>>(),
            Some(&remembered),
        );
        assert_eq!(fewer.agent.as_deref(), Some("客服"));
    }
}
