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
