use kpi_engine::issue::{Issue, IssueKind, Severity};
use kpi_engine::reading::{Delimiter, ReadAs, TableError, TextEncoding};
use kpi_engine::table::Table;

use super::*;

fn table() -> Table {
    let row = |cells: &[&str]| cells.iter().map(|cell| (*cell).to_owned()).collect();
    Table {
        headers: vec!["客服".to_owned(), "接待量".to_owned()],
        rows: vec![row(&["王芳", ""]), row(&["", "x"]), row(&["1,2", "3"])],
        lines: vec![2, 4, 5],
    }
}

fn round_trip(reply: &Reply) -> Reply {
    let mut fields = MapFields::default();
    encode_reply(reply, &mut fields);
    decode_reply(&fields).unwrap()
}

#[test]
fn packed_rows_round_trip_and_damage_is_caught() {
    let table = table();
    let packed = PackedRows::pack(&table);
    assert_eq!(packed.len(), 3);
    assert_eq!(packed.check(), Ok(()));
    assert_eq!(packed.rows(0, 10), table.rows);
    assert_eq!(packed.rows(1, 2), table.rows[1..2]);
    let damaged = PackedRows {
        ends: vec![1, 99],
        ..packed.clone()
    };
    assert_eq!(damaged.check(), Err(ProtocolError::BadRows { cell: 0 }));
    let backwards = PackedRows {
        ends: vec![6, 3, 6, 7, 10, 11],
        ..packed
    };
    assert_eq!(backwards.check(), Err(ProtocolError::BadRows { cell: 1 }));
}

#[test]
fn every_request_comes_out_as_it_went_in() {
    let choice = ReadChoice {
        encoding: Some(TextEncoding::Gb18030),
        delimiter: Some(Delimiter::Semicolon),
        sheet: Some("十月".to_owned()),
    };
    for input in [
        Input::Paste("agent\tcalls\nAnn\t3\n"),
        Input::File {
            name: "十月.xlsx",
            bytes: &[0x50, 0x4b, 0, 0xff],
        },
    ] {
        let mut fields = MapFields::default();
        encode_request(7, &choice, input, &mut fields);
        let request = decode_request(&fields).unwrap();
        assert_eq!(request.job, 7);
        assert_eq!(request.choice, choice);
        match (request.given.input(), input) {
            (Input::Paste(a), Input::Paste(b)) => assert_eq!(a, b),
            (Input::File { name, bytes }, Input::File { name: n, bytes: b }) => {
                assert_eq!((name, bytes), (n, b));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn every_reply_comes_out_as_it_went_in() {
    let read = ReadTable {
        read: ReadAs::Text {
            encoding: TextEncoding::Utf8,
            delimiter: Delimiter::Comma,
        },
        table: table(),
        table_issues: vec![Issue::new(Severity::Warning, IssueKind::NoRows).row(1)],
        detected_encoding: Some(TextEncoding::Utf8),
        replaced: 2,
        sheets: vec!["a".to_owned()],
    };
    let replies = [
        Reply::Ready,
        Reply::Progress {
            job: 3,
            fraction: 0.25,
        },
        Reply::read(4, read.clone()),
        Reply::Refused {
            job: 5,
            error: ReadError::Table {
                error: TableError::UnclosedQuote { row: 9 },
            },
        },
        Reply::Failed {
            job: Some(6),
            message: "choice is not text".to_owned(),
        },
        Reply::Failed {
            job: None,
            message: "no job".to_owned(),
        },
    ];
    for reply in &replies {
        assert_eq!(&round_trip(reply), reply);
    }
    // The table arrives whole once its rows are unpacked.
    let Reply::Read { mut read, rows, .. } = round_trip(&Reply::read(4, read.clone())) else {
        panic!("not a table");
    };
    read.table.rows = rows.rows(0, rows.len());
    assert_eq!(read.table, table());
}

#[test]
fn damaged_messages_are_errors_not_panics() {
    let mut fields = MapFields::default();
    assert_eq!(
        decode_reply(&fields),
        Err(ProtocolError::Missing(key::TYPE))
    );
    fields.set_str(key::TYPE, "table");
    fields.set_number(key::JOB, 1.5);
    assert!(matches!(
        decode_reply(&fields),
        Err(ProtocolError::Wrong { field: "job", .. })
    ));
    fields.set_number(key::JOB, 1.0);
    fields.set_str(key::META, "{");
    assert!(matches!(
        decode_reply(&fields),
        Err(ProtocolError::Json { field: "meta", .. })
    ));
    fields.set_str(key::TYPE, "bogus");
    assert_eq!(
        decode_reply(&fields),
        Err(ProtocolError::UnknownType("bogus".to_owned()))
    );
    let mut request = MapFields::default();
    request.set_str(key::TYPE, kind::READ_REQUEST);
    request.set_number(key::JOB, 2.0);
    request.set_str(key::CHOICE, "{}");
    assert_eq!(
        decode_request(&request),
        Err(ProtocolError::Missing(key::NAME))
    );
}
