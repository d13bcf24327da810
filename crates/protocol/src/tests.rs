use kpi_engine::issue::{Issue, IssueKind, Severity};
use kpi_engine::reading::{Delimiter, ReadAs, TableError, TextEncoding, TextError, XlsxError};
use kpi_engine::table::{PackError, Table};

use super::*;

fn table() -> Table {
    Table::from_rows(
        vec!["客服".to_owned(), "接待量".to_owned()],
        [["王芳", ""], ["", "x"], ["1,2", "3"]],
        vec![2, 4, 5],
    )
}

fn round_trip(reply: &Reply) -> Reply {
    let mut fields = MapFields::default();
    encode_reply(reply, &mut fields);
    decode_reply(&fields).unwrap()
}

#[test]
fn a_damaged_table_is_caught() {
    let table = table();
    let mut fields = MapFields::default();
    let read = ReadTable {
        read: ReadAs::Paste {
            delimiter: Delimiter::Tab,
        },
        table,
        table_issues: Vec::new(),
        detected_encoding: None,
        replaced: 0,
        sheets: Vec::new(),
    };
    encode_reply(&Reply::Read { job: 1, read }, &mut fields);
    // The columns are 客服 (王芳 and two blanks) and 接待量 ("", x, 3).
    let mut damaged = fields.clone();
    damaged.set_u32_list(key::ENDS, &[&[6, 6, 6], &[0, 99, 99]]);
    assert_eq!(
        decode_reply(&damaged),
        Err(ProtocolError::BadTable(PackError::Offset {
            column: 1,
            cell: 1
        }))
    );
    let mut short = fields.clone();
    short.set_u32_list(key::ENDS, &[&[6, 6, 6], &[0, 1]]);
    assert_eq!(
        decode_reply(&short),
        Err(ProtocolError::BadTable(PackError::Rows {
            column: 1,
            cells: 2,
            rows: 3
        }))
    );
    let mut unpaired = fields.clone();
    unpaired.set_u32_list(key::ENDS, &[&[6, 6, 6]]);
    assert!(matches!(
        decode_reply(&unpaired),
        Err(ProtocolError::Wrong { field: "ends", .. })
    ));
    let mut missing = fields.clone();
    missing.set_byte_list(key::CELLS, &[b"x"]);
    missing.set_u32_list(key::ENDS, &[&[1, 1, 1]]);
    assert_eq!(
        decode_reply(&missing),
        Err(ProtocolError::BadTable(PackError::Columns {
            columns: 1,
            width: 2
        }))
    );
    let mut broken = fields;
    broken.set_byte_list(key::CELLS, &[&[0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa], b"x3"]);
    assert!(matches!(
        decode_reply(&broken),
        Err(ProtocolError::Wrong { field: "cells", .. })
    ));
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
        Reply::Read {
            job: 4,
            read: read.clone(),
        },
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
    // Every reader's error, as fields.
    let errors = [
        ReadError::Text {
            error: TextError::Empty,
        },
        ReadError::Text {
            error: TextError::Binary { offset: 17 },
        },
        ReadError::Text {
            error: TextError::NotText {
                suspect: 40,
                sampled: 1000,
            },
        },
        ReadError::Table {
            error: TableError::Empty,
        },
        ReadError::Table {
            error: TableError::TooManyColumns { columns: 20_000 },
        },
        ReadError::Workbook {
            error: XlsxError::NotAWorkbook {
                detail: "zip: bad header".to_owned(),
            },
        },
        ReadError::Workbook {
            error: XlsxError::NoSheet {
                name: "十月".to_owned(),
                sheets: vec!["九月".to_owned(), "Sheet2".to_owned()],
            },
        },
        ReadError::Workbook {
            error: XlsxError::EmptySheet {
                name: "Sheet1".to_owned(),
            },
        },
        ReadError::Workbook {
            error: XlsxError::TooManyColumns { columns: 16_385 },
        },
    ];
    for error in errors {
        let reply = Reply::Refused { job: 7, error };
        assert_eq!(round_trip(&reply), reply);
    }
    // The table arrives whole.
    let Reply::Read { read: arrived, .. } = round_trip(&Reply::Read { job: 4, read }) else {
        panic!("not a table");
    };
    assert_eq!(arrived.table, table());
    assert_eq!(arrived.table.lines(), [2, 4, 5]);
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
    // A reader's error of no known kind, or with a count that is not one.
    let mut refused = MapFields::default();
    refused.set_str(key::TYPE, "refused");
    refused.set_number(key::JOB, 2.0);
    refused.set_str(key::ERROR, "gremlins");
    assert!(matches!(
        decode_reply(&refused),
        Err(ProtocolError::Wrong { field: "error", .. })
    ));
    refused.set_str(key::ERROR, "unclosed_quote");
    assert_eq!(
        decode_reply(&refused),
        Err(ProtocolError::Missing(key::ERROR_A))
    );
    refused.set_number(key::ERROR_A, -1.0);
    assert!(matches!(
        decode_reply(&refused),
        Err(ProtocolError::Wrong {
            field: "error_a",
            ..
        })
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
