//! The storage layer's rules, over an in-memory localStorage with a quota.

use std::cell::RefCell;
use std::rc::Rc;

use kpi_store::workspace::{Index, Part, V1_PREFIX};
use kpi_store::{Fault, MemoryBackend, Read, Store, UNSAVED_KEY, Write};

const LIMIT: usize = 1_000_000;

fn store() -> Store<MemoryBackend> {
    Store::new(MemoryBackend::default(), LIMIT)
}

/// A parser that takes any JSON, as the items' own parsers take their formats.
fn json(text: &str) -> Result<(), String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(drop)
        .map_err(|err| err.to_string())
}

fn text(read: Read<kpi_store::Item>) -> Option<String> {
    match read {
        Read::Found { value, .. } => Some(value.body().to_owned()),
        _ => None,
    }
}

#[test]
fn a_written_item_reads_back_with_its_revision() {
    let mut store = store();
    assert_eq!(
        store.write("k", r#"{"a":1}"#, 10),
        Write::Written { rev: 1, chars: 68 }
    );
    assert!(matches!(
        store.write("k", r#"{"a":2}"#, 11),
        Write::Written { rev: 2, .. }
    ));
    let stored = store.backend().items["k"].clone();
    assert!(stored.starts_with(r#"{"format":"kpi-stored","version":2,"rev":2,"time":11,"body":"#));
    let mut other = Store::new(store.backend().clone(), LIMIT);
    match other.read("k", 12) {
        Read::Found { value, rev, time } => {
            assert_eq!((value.body(), rev, time), (r#"{"a":2}"#, 2, 11));
        }
        read => panic!("{read:?}"),
    }
}

#[test]
fn the_same_body_again_is_not_a_write() {
    let mut store = store();
    store.write("k", "[1]", 1);
    assert_eq!(store.write("k", "[1]", 2), Write::Unchanged);
    assert!(store.backend().items["k"].contains("\"rev\":1,"));
}

#[test]
fn an_item_from_before_envelopes_reads_as_revision_zero_and_is_written_over_in_place() {
    let mut backend = MemoryBackend::default();
    backend.items.insert(
        "kpi-scorecard.view".into(),
        r#"{"format":"kpi-view","version":1,"profile":null}"#.into(),
    );
    let mut store = Store::new(backend, LIMIT);
    match store.read("kpi-scorecard.view", 5) {
        Read::Found { value, rev, time } => {
            assert_eq!((rev, time), (0, 0));
            assert_eq!(
                value.body(),
                r#"{"format":"kpi-view","version":1,"profile":null}"#
            );
        }
        read => panic!("{read:?}"),
    }
    assert!(matches!(
        store.write(
            "kpi-scorecard.view",
            r#"{"format":"kpi-view","version":1,"profile":"p"}"#,
            6
        ),
        Write::Written { rev: 1, .. }
    ));
}

#[test]
fn a_refused_write_leaves_the_old_value_and_waits_until_there_is_room() {
    let mut store = store();
    let old = format!("\"{}\"", "a".repeat(100));
    store.write("figures", &old, 1);
    let before = store.backend().items["figures"].clone();
    let used = store.backend().used();
    // Room for the note of what was not saved, not for the new value.
    store.backend_mut().quota = Some(used + 120);

    let new = format!("\"{}\"", "b".repeat(300));
    assert_eq!(store.write("figures", &new, 2), Write::Refused(Fault::Full));
    assert_eq!(store.backend().items["figures"], before, "old value intact");
    assert!(store.is_pending("figures"));
    // Noted for a later visit, while there is room for the note.
    let later = Store::new(store.backend().clone(), LIMIT);
    assert_eq!(later.unsaved_before().get("figures"), Some(&2));

    // Still no room: still waiting, still intact.
    let retried = store.retry(3);
    assert_eq!(
        retried,
        vec![("figures".to_owned(), Write::Refused(Fault::Full))]
    );
    assert_eq!(store.backend().items["figures"], before);

    store.backend_mut().quota = None;
    let retried = store.retry(4);
    assert!(matches!(retried[..], [(_, Write::Written { rev: 2, .. })]));
    assert!(!store.is_pending("figures"));
    assert_eq!(text(store.read("figures", 5)), Some(new));
    assert!(
        !store.backend().items.contains_key(UNSAVED_KEY),
        "note cleared"
    );
}

#[test]
fn the_note_of_unsaved_changes_survives_a_full_store_in_its_own_place() {
    let notes = std::sync::Arc::new(std::sync::Mutex::new(MemoryBackend::default()));
    let mut store = Store::new(MemoryBackend::default(), LIMIT).with_notes(notes.clone());
    store.write("k", "1", 1);
    let used = store.backend().used();
    store.backend_mut().quota = Some(used);
    assert_eq!(store.write("k", "12", 2), Write::Refused(Fault::Full));
    assert!(
        !store.backend().items.contains_key(UNSAVED_KEY),
        "no room for it there"
    );
    let later = Store::new(store.backend().clone(), LIMIT).with_notes(notes.clone());
    assert_eq!(later.unsaved_before().get("k"), Some(&2));
    store.backend_mut().quota = None;
    store.retry(3);
    assert!(notes.lock().unwrap().items.is_empty(), "cleared once saved");
}

#[test]
fn an_item_over_the_limit_is_refused_without_trying_and_the_old_one_stays() {
    let mut store = Store::new(MemoryBackend::default(), 200);
    store.write("k", "1", 1);
    let big = format!("\"{}\"", "x".repeat(300));
    assert_eq!(store.write("k", &big, 2), Write::Refused(Fault::TooLarge));
    assert_eq!(text(store.read("k", 3)), Some("1".to_owned()));
}

#[test]
fn two_unreadable_items_in_a_row_keep_two_copies() {
    let mut store = store();
    store
        .backend_mut()
        .items
        .insert("k".into(), "{not json".into());
    assert_eq!(
        store.load("k", 1000, json),
        Read::Unreadable {
            aside: Some("k.unreadable.1000".into())
        }
    );
    store
        .backend_mut()
        .items
        .insert("k".into(), "second".into());
    // Same millisecond: a copy of its own all the same.
    let read = store.load("k", 1000, json);
    assert_eq!(
        read,
        Read::Unreadable {
            aside: Some("k.unreadable.1000-2".into())
        }
    );
    assert_eq!(store.backend().items["k.unreadable.1000"], "{not json");
    assert_eq!(store.backend().items["k.unreadable.1000-2"], "second");
    assert!(!store.backend().items.contains_key("k"));
    assert_eq!(
        store.asides(),
        vec!["k.unreadable.1000", "k.unreadable.1000-2"]
    );
}

#[test]
fn a_body_the_caller_cannot_parse_is_set_aside_too() {
    let mut store = store();
    store.write("k", r#"{"format":"other"}"#, 1);
    let read: Read<()> = store.load("k", 7, |_| Err("not a scheme".into()));
    assert_eq!(
        read,
        Read::Unreadable {
            aside: Some("k.unreadable.7".into())
        }
    );
}

#[test]
fn an_unreadable_item_without_room_for_a_copy_is_never_written_over() {
    let mut store = store();
    store
        .backend_mut()
        .items
        .insert("k".into(), "garbage".into());
    let used = store.backend().used();
    store.backend_mut().quota = Some(used);
    assert_eq!(store.load("k", 1, json), Read::Unreadable { aside: None });
    store.backend_mut().quota = None;
    assert_eq!(store.write("k", "1", 2), Write::Frozen);
    assert_eq!(store.backend().items["k"], "garbage");
}

#[test]
fn after_the_backend_is_emptied_everything_is_written_again() {
    let mut store = store();
    store.write("k", "1", 1);
    store.backend_mut().items.clear();
    assert_eq!(
        store.write("k", "1", 2),
        Write::Unchanged,
        "it thinks it is stored"
    );
    store.forget_all();
    assert!(matches!(
        store.write("k", "1", 3),
        Write::Written { rev: 1, .. }
    ));
    assert!(store.backend().items.contains_key("k"));
}

#[test]
fn an_item_from_a_newer_page_is_left_alone() {
    let mut store = store();
    let newer = r#"{"format":"kpi-stored","version":3,"rev":4,"time":1,"body":{}}"#;
    store.backend_mut().items.insert("k".into(), newer.into());
    assert_eq!(store.read("k", 1), Read::Newer { version: 3 });
    assert_eq!(store.write("k", "1", 2), Write::Frozen);
    assert_eq!(store.backend().items["k"], newer);
}

#[test]
fn a_tab_never_writes_over_a_revision_it_has_not_seen() {
    let shared = Rc::new(RefCell::new(MemoryBackend::default()));
    let mut a = Store::new(shared.clone(), LIMIT);
    let mut b = Store::new(shared.clone(), LIMIT);
    a.write("scheme", "\"v1\"", 1);
    // B opened earlier and read revision 1.
    assert_eq!(text(b.read("scheme", 2)), Some("\"v1\"".into()));
    assert!(matches!(
        a.write("scheme", "\"by a\"", 3),
        Write::Written { rev: 2, .. }
    ));
    assert!(b.changed_elsewhere("scheme"));
    assert_eq!(
        b.write("scheme", "\"by b\"", 4),
        Write::Conflict { theirs: 2 }
    );
    assert_eq!(
        text(b.read("scheme", 5)),
        Some("\"by a\"".into()),
        "A's work intact"
    );
    // Having read A's revision, B may write.
    assert!(matches!(
        b.write("scheme", "\"by b\"", 6),
        Write::Written { rev: 3, .. }
    ));
    assert!(!b.changed_elsewhere("scheme"));
    assert_eq!(
        a.write("scheme", "\"a again\"", 7),
        Write::Conflict { theirs: 3 }
    );
}

#[test]
fn a_tab_that_never_read_a_key_does_not_write_over_it() {
    let shared = Rc::new(RefCell::new(MemoryBackend::default()));
    let mut a = Store::new(shared.clone(), LIMIT);
    let mut b = Store::new(shared.clone(), LIMIT);
    a.write("k", "1", 1);
    assert_eq!(b.write("k", "2", 2), Write::Conflict { theirs: 1 });
}

#[test]
fn a_refused_write_that_another_tab_overtook_is_a_conflict_on_retry() {
    let shared = Rc::new(RefCell::new(MemoryBackend::default()));
    let mut a = Store::new(shared.clone(), LIMIT);
    let mut b = Store::new(shared.clone(), LIMIT);
    a.write("k", "1", 1);
    b.read("k", 1);
    let used = shared.borrow().used();
    shared.borrow_mut().quota = Some(used);
    assert_eq!(a.write("k", "12345", 2), Write::Refused(Fault::Full));
    assert!(matches!(
        b.write("k", "2", 3),
        Write::Written { rev: 2, .. }
    ));
    shared.borrow_mut().quota = None;
    assert_eq!(
        a.retry(4),
        vec![("k".to_owned(), Write::Conflict { theirs: 2 })]
    );
    assert!(!a.is_pending("k"), "the caller keeps it as a copy");
}

#[test]
fn the_index_names_new_projects_and_never_reuses_an_id() {
    let mut index = Index::default();
    let first = index.add("A", 1);
    let second = index.add("B", 2);
    assert_eq!((first.as_str(), second.as_str()), ("p1", "p2"));
    index.get_mut("p2").unwrap().deleted = Some(3);
    assert_eq!(index.add("C", 4), "p3");
    assert_eq!(
        index.get("p3").unwrap().key(Part::Dataset),
        "kpi-scorecard.p3.dataset"
    );
    assert_eq!(index.free_name("A"), "A (2)");
    assert_eq!(
        index.free_name("B"),
        "B",
        "a deleted project's name is free"
    );
    assert_eq!(
        index.open_first(Some("p2")).unwrap().id,
        "p1",
        "not a deleted one"
    );
    let purged = index.purge_deleted();
    assert_eq!(purged.len(), 1);
    assert_eq!(index.live().count(), 2);
    assert_eq!(Index::from_json(&index.to_json()).unwrap(), index);
}

#[test]
fn a_version_1_workspace_becomes_one_project_over_its_own_keys() {
    let keys = ["kpi-scorecard.scheme", "kpi-scorecard.settings"];
    let index = Index::from_v1(|key| keys.contains(&key), "Call centre", 9).unwrap();
    let project = &index.projects[0];
    assert_eq!(project.prefix, V1_PREFIX);
    assert_eq!(project.key(Part::Scheme), "kpi-scorecard.scheme");
    assert_eq!(project.key(Part::Dataset), "kpi-scorecard.dataset");
    assert_eq!(project.key(Part::View), "kpi-scorecard.view");
    assert_eq!(
        project.part_of("kpi-scorecard.dataset"),
        Some(Part::Dataset)
    );
    assert_eq!(project.part_of("kpi-scorecard.mappings"), None);
    assert!(Index::from_v1(|key| key == "kpi-scorecard.settings", "x", 1).is_none());
}

mod share {
    use kpi_store::share::{LinkError, decode, encode, link_fragment, payload};

    #[test]
    fn base64url_round_trips_every_length_and_matches_the_standard() {
        for len in 0..200usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            assert_eq!(decode(&encode(&bytes)), Some(bytes), "length {len}");
        }
        // RFC 4648's vectors, in the URL alphabet and unpadded.
        assert_eq!(encode(b"foob"), "Zm9vYg");
        assert_eq!(encode(b"fooba"), "Zm9vYmE");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("Zm9vYg=="), Some(b"foob".to_vec()));
        for bad in ["Zm9v+g", "Zm9v/g", "Zm9v Yg", "Z", "Zm9vY"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_link_carries_its_payload_and_a_damaged_one_is_named() {
        let fragment = link_fragment(&[1, 2, 3, 250]);
        assert!(fragment.starts_with("#/share/1."));
        assert_eq!(payload(&fragment), Some(Ok(vec![1, 2, 3, 250])));
        assert_eq!(payload("#/scheme"), None);
        assert_eq!(payload("#/share/1."), Some(Err(LinkError::Malformed)));
        assert_eq!(payload("#/share/1.AQID*"), Some(Err(LinkError::Malformed)));
        assert_eq!(payload("#/share/abc"), Some(Err(LinkError::Malformed)));
        assert_eq!(payload("#/share/2.AQID"), Some(Err(LinkError::Newer)));
    }
}

mod files {
    use std::collections::BTreeMap;

    use kpi_engine::dataset::Dataset;
    use kpi_engine::scheme::Scheme;
    use kpi_store::file::{
        FileError, MAX_DEPTH, MAX_FILE_BYTES, Opened, ProjectData, ValueProblem, open_file,
        project_file, projects_file, projects_schema,
    };
    use kpi_store::workspace::View;

    const SCHEME: &str = include_str!("../../../docs/examples/call-centre.json");

    /// The call-centre example with its sample figures, as the page keeps
    /// them (version 1's stored items are the fixtures).
    fn project() -> ProjectData {
        let dataset = include_str!("../../../tests/fixtures/storage/v1/kpi-scorecard.dataset");
        ProjectData {
            name: "Q3 call centre".to_owned(),
            scheme: Scheme::from_json(SCHEME).unwrap(),
            dataset: Dataset::from_json(dataset).unwrap(),
            view: View {
                profile: Some("quality-first".to_owned()),
                ..View::default()
            },
        }
    }

    fn value_error(text: &str) -> (String, ValueProblem) {
        match open_file(text.as_bytes()) {
            Err(FileError::Value { path, problem }) => (path, problem),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_project_and_every_project_round_trip() {
        let one = project_file(&project());
        assert_eq!(
            open_file(one.as_bytes()),
            Ok(Opened::Projects {
                projects: vec![project()],
                mappings: BTreeMap::new()
            })
        );
        let mut second = project();
        second.name = "Q4".to_owned();
        let all = projects_file(vec![project(), second.clone()], BTreeMap::new());
        let Ok(Opened::Projects { projects, .. }) = open_file(all.as_bytes()) else {
            panic!("opens");
        };
        assert_eq!(projects, vec![project(), second]);
    }

    #[test]
    fn a_scheme_file_opens_as_a_scheme_with_or_without_a_bom() {
        let expected = Opened::Scheme(Box::new(Scheme::from_json(SCHEME).unwrap()));
        assert_eq!(open_file(SCHEME.as_bytes()), Ok(expected));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SCHEME.as_bytes()].concat();
        assert!(matches!(open_file(&with_bom), Ok(Opened::Scheme(_))));
    }

    #[test]
    fn size_nesting_and_syntax_are_checked_before_anything_else() {
        let huge = vec![b' '; MAX_FILE_BYTES + 1];
        assert_eq!(
            open_file(&huge),
            Err(FileError::TooLarge {
                bytes: MAX_FILE_BYTES + 1
            })
        );
        let deep = format!(
            "{{\"format\":\"kpi-project\",\n\"a\":{}",
            "[".repeat(MAX_DEPTH * 100)
        );
        assert_eq!(
            open_file(deep.as_bytes()),
            Err(FileError::TooDeep { line: 2 })
        );
        // Brackets inside strings are text.
        let quoted = format!("{{\"format\":\"{}\"}}", "[".repeat(MAX_DEPTH * 2));
        assert!(matches!(
            open_file(quoted.as_bytes()),
            Err(FileError::Format { .. })
        ));
        assert_eq!(open_file(b"\xff\xfe"), Err(FileError::NotText));
        assert_eq!(
            open_file(b"{\n  \"format\": \"kpi-project\",\n  oops\n}"),
            Err(FileError::Syntax { line: 3, column: 3 })
        );
    }

    #[test]
    fn other_formats_and_newer_versions_open_nothing() {
        assert_eq!(
            open_file(br#"{"format":"kpi-dataset","version":1}"#),
            Err(FileError::Format {
                found: Some("kpi-dataset".into())
            })
        );
        assert_eq!(open_file(b"[1,2]"), Err(FileError::Format { found: None }));
        assert_eq!(
            open_file(br#"{"format":"kpi-projects","version":9,"projects":[]}"#),
            Err(FileError::Newer {
                format: "kpi-projects".into(),
                version: 9
            })
        );
    }

    #[test]
    fn a_wrong_value_is_named_by_its_json_path() {
        let all = projects_file(vec![project(), project()], BTreeMap::new());
        let mut json: serde_json::Value = serde_json::from_str(&all).unwrap();
        json["projects"][1]["scheme"]["dimensions"][0]["weight"] = "heavy".into();
        let (path, problem) = value_error(&json.to_string());
        assert_eq!(path, "projects[1].scheme.dimensions[0].weight");
        assert_eq!(problem, ValueProblem::WrongType);

        let mut json: serde_json::Value = serde_json::from_str(&all).unwrap();
        json["projects"][0]["scheme"]["dimensions"][0]["indicators"][0]
            .as_object_mut()
            .unwrap()
            .remove("direction");
        let (path, problem) = value_error(&json.to_string());
        assert_eq!(path, "projects[0].scheme.dimensions[0].indicators[0]");
        assert_eq!(
            problem,
            ValueProblem::Missing {
                field: "direction".into()
            }
        );

        let mut json: serde_json::Value = serde_json::from_str(&all).unwrap();
        json["projects"][0]["scheme"]["dimensions"][0]["indicators"][0]["direction"] =
            "sideways".into();
        let (_, problem) = value_error(&json.to_string());
        assert_eq!(
            problem,
            ValueProblem::Unknown {
                value: "sideways".into()
            }
        );
    }

    #[test]
    fn a_mapping_to_a_column_the_table_lacks_opens_nothing() {
        let mut broken = project();
        broken.dataset.sources[0]
            .mapping
            .inputs
            .insert("qa".into(), Some("QA score".into()));
        let (path, problem) = value_error(&project_file(&broken));
        assert_eq!(path, "dataset.sources[0].mapping.inputs.qa");
        assert_eq!(
            problem,
            ValueProblem::NoSuchColumn {
                column: "QA score".into()
            }
        );

        let mut json: serde_json::Value = serde_json::from_str(&project_file(&project())).unwrap();
        json["dataset"]["format"] = "kpi-other".into();
        let (path, _) = value_error(&json.to_string());
        assert_eq!(path, "dataset");
    }

    #[test]
    fn the_committed_json_schema_is_the_generated_one() {
        let committed = include_str!("../../../docs/project.schema.json");
        assert_eq!(
            committed.trim_end(),
            projects_schema().trim_end(),
            "run: cargo run -p kpi-cli -- project-schema > docs/project.schema.json"
        );
    }
}

mod paths {
    use kpi_store::file::path_at;

    /// The path at the first `@` of `json` (which is then made valid).
    fn check(json: &str, expected: &str) {
        let offset = json.find('@').unwrap();
        let (line, column) = json[..offset]
            .lines()
            .enumerate()
            .last()
            .map_or((1, 1), |(n, l)| {
                if json[..offset].ends_with('\n') {
                    (n + 2, 1)
                } else {
                    (n + 1, l.len() + 1)
                }
            });
        let text = json.replace('@', " ");
        assert_eq!(path_at(&text, line, column), expected, "{json}");
    }

    #[test]
    fn paths_follow_keys_and_indices() {
        check(r#"{"a": @1}"#, "a");
        check(r#"{"a": 1, "b": [1, 2, @3]}"#, "b[2]");
        check(r#"{"a": {}, "b": {"c": [[1], [2, @3]]}}"#, "b.c[1][1]");
        check(r#"{"a": [], "b": {"x": 1@}}"#, "b.x");
        check("{\"a\\\"b\": {\n  \"c\": @true\n}}", "a\\\"b.c");
        check(r#"{"a": [{"x": 1}, {"y": 2}@]}"#, "a[1]");
    }
}

#[test]
fn a_dataset_item_is_the_figures_or_a_reference_to_them() {
    use kpi_store::workspace::DatasetRef;
    let reference = DatasetRef::new("kpi-scorecard.dataset@5".into(), 9_000_000);
    assert_eq!(
        DatasetRef::in_item(&reference.to_json()),
        Some(Ok(reference))
    );
    let figures = include_str!("../../../tests/fixtures/storage/v1/kpi-scorecard.dataset");
    assert_eq!(DatasetRef::in_item(figures), None);
    assert!(matches!(
        DatasetRef::in_item(r#"{"format":"kpi-dataset-ref","version":2,"id":"x","chars":1}"#),
        Some(Err(_))
    ));
}
