//! The raw table: cells as text exactly as a reader produced them (a paste,
//! a CSV, a sheet), before any typing. The readers (`kpi-read`) build it
//! with a [`TableBuilder`]; a dataset keeps it, so a changed column mapping
//! can type it again.
//!
//! A table is columnar and packed: each column's cells lie end to end in
//! one text, with the offset where each cell ends. A table of a million
//! cells is two allocations a column, not a million; reading a column walks
//! adjacent bytes; the columns a reader grows are the table's, never copied
//! into another buffer; and they cross from the import worker to the page
//! as they are. Stored as JSON, a table is still a header row and rows of
//! cells (see `impl Serialize for Table`).

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Cells as text, as read from a paste or a file: a header row and data
/// rows, every row as wide as the header.
#[derive(Clone, Default, PartialEq)]
pub struct Table {
    headers: Vec<String>,
    /// One per header.
    columns: Vec<Column>,
    rows: usize,
    /// The 1-based source row of each row, as the user's file or sheet
    /// numbers it (blank lines and title rows shift it); when empty, rows
    /// are taken to follow a header on row 1.
    lines: Vec<u32>,
}

/// One column's cells: their text end to end, and where each ends in it
/// (never falling).
#[derive(Clone, Debug, Default, PartialEq)]
struct Column {
    text: String,
    ends: Vec<u32>,
}

impl Column {
    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(offset(self.text.len()));
    }

    fn cell(&self, row: usize) -> &str {
        let start = row.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        &self.text[start..self.ends[row] as usize]
    }
}

/// Why a table's packed parts do not fit together (a damaged message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// Not one column per header.
    Columns { columns: usize, width: usize },
    /// A column with another number of cells than the first.
    Rows {
        column: usize,
        cells: usize,
        rows: usize,
    },
    /// The offset of this cell goes back, past the end of its column's
    /// text or into a character.
    Offset { column: usize, cell: usize },
    /// Source rows given, but not one per row.
    Lines { lines: usize, rows: usize },
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::Columns { columns, width } => {
                write!(f, "{columns} columns for {width} headers")
            }
            PackError::Rows {
                column,
                cells,
                rows,
            } => write!(f, "column {column} has {cells} cells, not {rows}"),
            PackError::Offset { column, cell } => {
                write!(f, "cell {cell} of column {column} ends outside its text")
            }
            PackError::Lines { lines, rows } => write!(f, "{lines} source rows for {rows} rows"),
        }
    }
}

impl std::error::Error for PackError {}

impl Table {
    /// A table of these headers and rows; short rows are padded with blank
    /// cells and cells beyond the header are dropped. `lines` is empty or
    /// one source row per row.
    pub fn from_rows<R, C>(headers: Vec<String>, rows: R, lines: Vec<usize>) -> Table
    where
        R: IntoIterator<Item = C>,
        C: IntoIterator,
        C::Item: AsRef<str>,
    {
        let mut builder = TableBuilder::new(headers);
        let width = builder.width();
        for cells in rows {
            builder.push_cells(cells.into_iter().take(width));
        }
        let mut table = builder.finish();
        table.lines = lines.into_iter().map(line_u32).collect();
        table
    }

    /// A table from its packed columns (see [`Table::packed_column`]),
    /// each its text and where each cell ends in it, checked so that no
    /// cell can fall out of bounds.
    pub fn from_packed(
        headers: Vec<String>,
        columns: Vec<(String, Vec<u32>)>,
        lines: Vec<u32>,
    ) -> Result<Table, PackError> {
        if columns.len() != headers.len() {
            return Err(PackError::Columns {
                columns: columns.len(),
                width: headers.len(),
            });
        }
        let rows = columns.first().map_or(0, |(_, ends)| ends.len());
        for (column, (text, ends)) in columns.iter().enumerate() {
            if ends.len() != rows {
                return Err(PackError::Rows {
                    column,
                    cells: ends.len(),
                    rows,
                });
            }
            let mut start = 0;
            for (cell, &end) in ends.iter().enumerate() {
                let end = end as usize;
                if end < start || !text.is_char_boundary(end) {
                    return Err(PackError::Offset { column, cell });
                }
                start = end;
            }
        }
        if !lines.is_empty() && lines.len() != rows {
            return Err(PackError::Lines {
                lines: lines.len(),
                rows,
            });
        }
        Ok(Table {
            headers,
            columns: columns
                .into_iter()
                .map(|(text, ends)| Column { text, ends })
                .collect(),
            rows,
            lines,
        })
    }

    /// The header row.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// How many columns there are.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// How many data rows there are.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The cell at `row` of `column`; blank past the edges.
    #[inline]
    pub fn cell(&self, row: usize, column: usize) -> &str {
        match self.columns.get(column) {
            Some(cells) if row < self.rows => cells.cell(row),
            _ => "",
        }
    }

    /// The cells of one column, top to bottom; none past the last column.
    pub fn column(&self, column: usize) -> Cells<'_> {
        let (text, ends) = self.packed_column(column);
        Cells {
            text,
            ends: ends.iter(),
            start: 0,
        }
    }

    /// The cells of one row, left to right.
    pub fn row(&self, row: usize) -> impl Iterator<Item = &str> + '_ {
        (0..self.headers.len()).map(move |column| self.cell(row, column))
    }

    /// Every row as owned cells, for tests and small tables.
    pub fn to_rows(&self) -> Vec<Vec<String>> {
        (0..self.rows)
            .map(|row| self.row(row).map(str::to_owned).collect())
            .collect()
    }

    /// The source row of row `index`, for messages.
    pub fn line(&self, index: usize) -> usize {
        self.lines
            .get(index)
            .map_or(index + 2, |&line| line as usize)
    }

    /// The source rows, one per row, or none when rows follow the header.
    pub fn lines(&self) -> &[u32] {
        &self.lines
    }

    /// A column's cells end to end, and where each ends in that text (the
    /// packed form); nothing past the last column.
    pub fn packed_column(&self, column: usize) -> (&str, &[u32]) {
        self.columns
            .get(column)
            .map_or(("", &[][..]), |cells| (&cells.text, &cells.ends))
    }

    /// The bytes of every cell's text together.
    pub fn text_len(&self) -> usize {
        self.columns.iter().map(|column| column.text.len()).sum()
    }

    /// A table of this crate's own test text: comma-separated, a header
    /// row, no quoted cells (the readers, which handle quotes, are a layer
    /// above and cannot be linked from here).
    #[cfg(test)]
    pub(crate) fn from_test_csv(text: &str) -> Table {
        let mut lines = text
            .trim_start_matches('\u{feff}')
            .lines()
            .filter(|line| !line.trim().is_empty());
        let split = |line: &str| -> Vec<String> {
            assert!(!line.contains('"'), "test CSV with quotes: {line}");
            line.split(',').map(str::to_owned).collect()
        };
        let headers = lines.next().map(split).unwrap_or_default();
        let mut builder = TableBuilder::new(headers);
        for line in lines {
            builder.push_cells(split(line));
        }
        builder.finish()
    }
}

fn line_u32(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// The header and the size: a table can hold millions of cells, and tests
/// compare its cells through [`Table::to_rows`].
impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Table({:?}, {} rows)", self.headers, self.rows)
    }
}

/// The cells of one column (see [`Table::column`]).
#[derive(Clone)]
pub struct Cells<'a> {
    text: &'a str,
    ends: std::slice::Iter<'a, u32>,
    start: usize,
}

impl<'a> Iterator for Cells<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let end = *self.ends.next()? as usize;
        let cell = &self.text[self.start..end];
        self.start = end;
        Some(cell)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
    }
}

impl ExactSizeIterator for Cells<'_> {}

/// A table being read a row at a time: one growing buffer per column,
/// which become the table's.
#[derive(Clone, Debug, Default)]
pub struct TableBuilder {
    headers: Vec<String>,
    columns: Vec<Column>,
    rows: usize,
    lines: Vec<u32>,
}

/// An offset into a column's text. The page's memory ends at 4 GB, so no
/// table it holds comes near; a native reader of a column that big stops
/// here rather than wrap.
fn offset(len: usize) -> u32 {
    u32::try_from(len).expect("a table's text is under 4 GB")
}

impl TableBuilder {
    /// A table with this header row and no rows yet.
    pub fn new(headers: Vec<String>) -> TableBuilder {
        let columns = vec![Column::default(); headers.len()];
        TableBuilder {
            headers,
            columns,
            rows: 0,
            lines: Vec::new(),
        }
    }

    /// How many columns there are so far.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// How many rows there are so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Makes room for about `rows` more rows, each column's text growing
    /// by its average cell so far: a reader that knows how much is left
    /// calls it once, and the columns then grow without copying themselves
    /// over and over, nor holding twice the room they need.
    pub fn reserve(&mut self, rows: usize) {
        for column in &mut self.columns {
            let average = column.text.len().div_ceil(self.rows.max(1));
            column.ends.reserve(rows);
            column.text.reserve(rows.saturating_mul(average));
        }
        self.lines.reserve(rows);
    }

    /// Adds a column, blank in the rows so far.
    fn add_column(&mut self, header: String) {
        let column = Column {
            text: String::new(),
            ends: vec![0; self.rows],
        };
        self.headers.push(header);
        self.columns.push(column);
    }

    /// Adds a row read from source row `line`; see
    /// [`push_cells`](Self::push_cells).
    pub fn push_row<I>(&mut self, cells: I, line: usize)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        // Rows pushed without a line follow the header on row 1.
        let numbered = self.lines.len();
        self.lines
            .extend((numbered..self.rows).map(|row| line_u32(row + 2)));
        self.push_cells(cells);
        self.lines.push(line_u32(line));
    }

    /// Adds a row. A row shorter than the header is padded with blank
    /// cells; each cell beyond it adds a column headed `column N`, blank
    /// in the rows before.
    pub fn push_cells<I>(&mut self, cells: I)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut count = 0;
        for cell in cells {
            self.push_cell(count, cell.as_ref());
            count += 1;
        }
        self.end_row(count);
    }

    fn push_cell(&mut self, column: usize, cell: &str) {
        if column == self.columns.len() {
            self.add_column(format!("column {}", column + 1));
        }
        self.columns[column].push(cell);
    }

    fn end_row(&mut self, cells: usize) {
        for column in &mut self.columns[cells..] {
            column.push("");
        }
        self.rows += 1;
    }

    /// The table: its columns as they grew, without the room reserved
    /// beyond them.
    pub fn finish(mut self) -> Table {
        for column in &mut self.columns {
            column.text.shrink_to_fit();
            column.ends.shrink_to_fit();
        }
        Table {
            headers: self.headers,
            columns: self.columns,
            rows: self.rows,
            lines: self.lines,
        }
    }
}

/// Stored as `{"headers": [..], "rows": [[..], ..], "lines": [..]}`, the
/// format of every dataset saved before tables were packed; `lines` is left
/// out when rows follow the header.
impl Serialize for Table {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Rows<'a>(&'a Table);
        struct Row<'a>(&'a Table, usize);
        impl Serialize for Rows<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.rows))?;
                for row in 0..self.0.rows {
                    seq.serialize_element(&Row(self.0, row))?;
                }
                seq.end()
            }
        }
        impl Serialize for Row<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.row(self.1))
            }
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("headers", &self.headers)?;
        map.serialize_entry("rows", &Rows(self))?;
        if !self.lines.is_empty() {
            map.serialize_entry("lines", &self.lines)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Table {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Table, D::Error> {
        deserializer.deserialize_map(TableVisitor)
    }
}

struct TableVisitor;

impl<'de> Visitor<'de> for TableVisitor {
    type Value = Table;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table: headers, rows and their source lines")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Table, A::Error> {
        let mut headers: Option<Vec<String>> = None;
        let mut rows: Option<TableBuilder> = None;
        let mut lines: Vec<u32> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "headers" => headers = Some(map.next_value()?),
                "rows" => {
                    let mut builder = TableBuilder::default();
                    map.next_value_seed(RowsSeed(&mut builder))?;
                    rows = Some(builder);
                }
                "lines" => lines = map.next_value()?,
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let headers = headers.ok_or_else(|| de::Error::missing_field("headers"))?;
        let mut built = rows.ok_or_else(|| de::Error::missing_field("rows"))?;
        // The rows were read before their width was known: widen them to
        // the header, and head any column the header lacks as a reader does.
        while built.width() < headers.len() {
            built.add_column(String::new());
        }
        let width = built.width();
        built.headers = headers;
        let named = built.headers.len();
        built
            .headers
            .extend((named..width).map(|i| format!("column {}", i + 1)));
        let table = built.finish();
        if !lines.is_empty() && lines.len() != table.rows {
            return Err(de::Error::invalid_length(
                lines.len(),
                &"one source line per row",
            ));
        }
        Ok(Table { lines, ..table })
    }
}

/// The rows of a stored table, read straight into the column buffers.
struct RowsSeed<'b>(&'b mut TableBuilder);

impl<'de> DeserializeSeed<'de> for RowsSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rows of text cells")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(RowSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// One stored row, its cells pushed onto the builder's columns.
struct RowSeed<'b>(&'b mut TableBuilder);

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a row of text cells")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let builder = self.0;
        let mut count = 0;
        while seq
            .next_element_seed(CellSeed {
                builder: &mut *builder,
                column: count,
            })?
            .is_some()
        {
            count += 1;
        }
        builder.end_row(count);
        Ok(())
    }
}

/// One stored cell, pushed onto its column without a `String` of its own.
struct CellSeed<'b> {
    builder: &'b mut TableBuilder,
    column: usize,
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for CellSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a text cell")
    }

    fn visit_str<E: de::Error>(self, cell: &str) -> Result<(), E> {
        self.builder.push_cell(self.column, cell);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table::from_rows(
            vec!["agent".into(), "calls".into(), "note".into()],
            [
                vec!["王芳", "1,234", ""],
                vec!["Li", "980", "a \"quoted\" note"],
            ],
            vec![2, 4],
        )
    }

    #[test]
    fn cells_come_back_by_row_by_column_and_one_at_a_time() {
        let table = sample();
        assert_eq!((table.len(), table.width()), (2, 3));
        assert_eq!(table.cell(0, 0), "王芳");
        assert_eq!(table.cell(1, 2), "a \"quoted\" note");
        assert_eq!(table.cell(2, 0), "", "past the last row");
        assert_eq!(table.cell(0, 3), "", "past the last column");
        assert_eq!(table.column(1).collect::<Vec<_>>(), ["1,234", "980"]);
        assert_eq!(table.column(2).len(), 2);
        assert_eq!(table.column(9).count(), 0);
        assert_eq!(
            table.row(1).collect::<Vec<_>>(),
            ["Li", "980", "a \"quoted\" note"]
        );
        assert_eq!(table.line(1), 4);
    }

    #[test]
    fn short_rows_are_padded_and_long_ones_add_columns() {
        let mut builder = TableBuilder::new(vec!["a".into(), "b".into()]);
        builder.push_row(["1"], 2);
        builder.push_row(["1", "2", "3"], 5);
        let table = builder.finish();
        assert_eq!(table.headers(), ["a", "b", "column 3"]);
        assert_eq!(table.to_rows(), [vec!["1", "", ""], vec!["1", "2", "3"]]);
        assert_eq!(table.lines(), [2, 5]);
        // Room made ahead changes nothing.
        let mut reserved = TableBuilder::new(vec!["a".into()]);
        reserved.push_row(["xyz"], 2);
        reserved.reserve(1000);
        reserved.push_row(["1"], 3);
        assert_eq!(reserved.finish().to_rows(), [["xyz"], ["1"]]);
        // Cut to the header by `from_rows`.
        let cut = Table::from_rows(vec!["a".into()], [["1", "2"]], vec![]);
        assert_eq!(cut.to_rows(), [["1"]]);
        assert_eq!(cut.line(0), 2);
    }

    #[test]
    fn the_stored_format_is_rows_of_cells() {
        let table = sample();
        let json = serde_json::to_string(&table).unwrap();
        assert_eq!(
            json,
            r#"{"headers":["agent","calls","note"],"rows":[["王芳","1,234",""],["Li","980","a \"quoted\" note"]],"lines":[2,4]}"#
        );
        assert_eq!(serde_json::from_str::<Table>(&json).unwrap(), table);
        // Without lines, and with the fields in another order.
        let plain = r#"{"rows":[["1","2"]],"headers":["a","b"]}"#;
        let table: Table = serde_json::from_str(plain).unwrap();
        assert_eq!(table.to_rows(), [["1", "2"]]);
        assert_eq!(table.line(0), 2);
        assert_eq!(
            serde_json::to_string(&table).unwrap(),
            r#"{"headers":["a","b"],"rows":[["1","2"]]}"#
        );
        // A stored row shorter than its header reads padded; a longer one
        // keeps its cell under a column of its own.
        let ragged: Table =
            serde_json::from_str(r#"{"headers":["a","b"],"rows":[["1"],["1","2","3"]]}"#).unwrap();
        assert_eq!(ragged.headers(), ["a", "b", "column 3"]);
        assert_eq!(ragged.to_rows(), [vec!["1", "", ""], vec!["1", "2", "3"]]);
        // Damage is refused, not half-read.
        for bad in [
            r#"{"headers":["a"]}"#,
            r#"{"rows":[]}"#,
            r#"{"headers":["a"],"rows":[[1]]}"#,
            r#"{"headers":["a"],"rows":[["1"]],"lines":[2,3]}"#,
        ] {
            assert!(serde_json::from_str::<Table>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn packed_parts_are_checked() {
        let table = sample();
        let columns = (0..table.width())
            .map(|column| {
                let (text, ends) = table.packed_column(column);
                (text.to_owned(), ends.to_vec())
            })
            .collect();
        let again =
            Table::from_packed(table.headers().to_vec(), columns, table.lines().to_vec()).unwrap();
        assert_eq!(again, table);
        assert_eq!(table.packed_column(1), ("1,234980", &[5, 8][..]));
        assert_eq!(table.packed_column(3), ("", &[][..]));
        assert_eq!(table.text_len(), "王芳1,234980Lia \"quoted\" note".len());
        let headers = || vec!["a".to_owned(), "b".to_owned()];
        let column = |text: &str, ends: &[u32]| (text.to_owned(), ends.to_vec());
        assert_eq!(
            Table::from_packed(headers(), vec![column("x", &[1])], vec![]),
            Err(PackError::Columns {
                columns: 1,
                width: 2
            })
        );
        assert_eq!(
            Table::from_packed(
                headers(),
                vec![column("x", &[1]), column("yz", &[1, 2])],
                vec![]
            ),
            Err(PackError::Rows {
                column: 1,
                cells: 2,
                rows: 1
            })
        );
        assert_eq!(
            Table::from_packed(
                headers(),
                vec![column("xy", &[2, 1]), column("", &[0, 0])],
                vec![]
            ),
            Err(PackError::Offset { column: 0, cell: 1 })
        );
        assert_eq!(
            Table::from_packed(
                headers(),
                vec![column("xy", &[1, 2]), column("z", &[1, 3])],
                vec![]
            ),
            Err(PackError::Offset { column: 1, cell: 1 })
        );
        assert_eq!(
            Table::from_packed(
                headers(),
                vec![column("王", &[1]), column("", &[0])],
                vec![]
            ),
            Err(PackError::Offset { column: 0, cell: 0 })
        );
        assert_eq!(
            Table::from_packed(
                headers(),
                vec![column("x", &[1]), column("y", &[1])],
                vec![2, 3]
            ),
            Err(PackError::Lines { lines: 2, rows: 1 })
        );
        let empty =
            Table::from_packed(headers(), vec![column("", &[]), column("", &[])], vec![]).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.column(0).count(), 0);
    }
}
