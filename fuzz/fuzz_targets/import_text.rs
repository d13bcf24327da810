//! Any bytes through the whole text import: decode, split into a table,
//! type against the example scheme, and score. Must never panic. The table
//! also goes through its two other forms, packed columns (as it crosses
//! from the worker) and stored rows (as it is saved), and must come back equal.
#![no_main]

use std::sync::OnceLock;

use kpi_engine::figures::Figures;
use kpi_engine::scheme::Scheme;
use kpi_engine::score::score_team;
use kpi_engine::table::Table;
use kpi_read::delimited::parse_delimited;
use kpi_read::text::decode;
use libfuzzer_sys::fuzz_target;

fn scheme() -> &'static Scheme {
    static SCHEME: OnceLock<Scheme> = OnceLock::new();
    SCHEME.get_or_init(|| {
        Scheme::from_json(include_str!("../../docs/examples/call-centre.json"))
            .expect("example scheme")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data, None) else {
        return;
    };
    let Ok((table, _, _)) = parse_delimited(&decoded.text, None) else {
        return;
    };
    let columns = (0..table.width())
        .map(|column| {
            let (text, ends) = table.packed_column(column);
            (text.to_owned(), ends.to_vec())
        })
        .collect();
    let packed = Table::from_packed(table.headers().to_vec(), columns, table.lines().to_vec())
        .expect("a table's own parts fit together");
    assert!(packed == table, "a table crosses as it is");
    let json = serde_json::to_string(&table).expect("a table serialises");
    let stored: Table = serde_json::from_str(&json).expect("a stored table reads back");
    assert!(stored == table, "a stored table reads back as it was");
    let (figures, _) = Figures::from_table(scheme(), &table);
    let result = score_team(scheme(), &figures).expect("the example scheme is valid");
    for card in &result.cards {
        if let Some(total) = card.total {
            assert!(total.is_finite(), "a total must be a finite number");
        }
    }
});
