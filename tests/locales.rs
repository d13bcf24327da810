//! Both languages carry the same messages: a key in one locale file and
//! not the other would show the fallback's language in the middle of the
//! other's screens, or an empty label.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn keys(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                keys(inner, &format!("{prefix}{key}."), out);
            }
        }
        _ => {
            out.insert(prefix.trim_end_matches('.').to_owned());
        }
    }
}

fn locale(name: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let mut out = BTreeSet::new();
    keys(&value, "", &mut out);
    out
}

#[test]
fn english_and_chinese_have_the_same_keys() {
    let (en, zh) = (locale("en"), locale("zh"));
    assert!(en.len() > 100, "{} keys", en.len());
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "only in en: {only_en:?}\nonly in zh: {only_zh:?}"
    );
}

#[test]
fn no_message_is_empty() {
    for name in ["en", "zh"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(": \"\""), "{name}.json has an empty message");
    }
}
