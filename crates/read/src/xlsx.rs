//! Excel workbooks (.xlsx): the sheet names, and one sheet as a raw
//! [`Table`] of texts — numbers written exactly, dates as ISO dates, time
//! durations as `h:mm:ss` — so every source goes through the same value
//! parsing and mapping as a paste or a CSV.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Timelike};
use kpi_engine::reading::{MAX_COLUMNS, XlsxError};
use kpi_engine::table::{Table, TableBuilder};

/// An opened workbook.
pub struct Workbook {
    inner: Xlsx<Cursor<Vec<u8>>>,
    sheets: Vec<String>,
}

/// Opens a workbook from its bytes.
pub fn open_xlsx(bytes: Vec<u8>) -> Result<Workbook, XlsxError> {
    let inner = Xlsx::new(Cursor::new(bytes)).map_err(|err| XlsxError::NotAWorkbook {
        detail: err.to_string(),
    })?;
    let sheets = inner.sheet_names();
    Ok(Workbook { inner, sheets })
}

impl Workbook {
    /// The sheet names, in workbook order.
    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// One sheet as a table. The header is the first row that fills at
    /// least half of the widest of the first rows, so a title line above the
    /// header (common in exported reports) is skipped. Returns the table and
    /// the sheet row (1-based, as Excel shows it) of the header.
    pub fn read_sheet(&mut self, name: &str) -> Result<(Table, usize), XlsxError> {
        if !self.sheets.iter().any(|sheet| sheet == name) {
            return Err(XlsxError::NoSheet {
                name: name.to_owned(),
                sheets: self.sheets.clone(),
            });
        }
        let range = self
            .inner
            .worksheet_range(name)
            .map_err(|err| XlsxError::NotAWorkbook {
                detail: err.to_string(),
            })?;
        let (width, first_row) = (
            range.width(),
            range.start().map_or(0, |(row, _)| row as usize),
        );
        if width > MAX_COLUMNS {
            return Err(XlsxError::TooManyColumns { columns: width });
        }
        let filled = |cells: &[Data]| cells.iter().filter(|cell| !blank(cell)).count();
        // The sheet rows that hold something, with the number of each.
        let rows = range
            .rows()
            .enumerate()
            .map(|(index, row)| (first_row + index + 1, row))
            .filter(|(_, cells)| filled(cells) > 0);
        let widest = rows
            .clone()
            .take(10)
            .map(|(_, cells)| filled(cells))
            .max()
            .unwrap_or(0);
        let mut rows = rows.skip_while(|(_, cells)| 2 * filled(cells) < widest);
        let (header_row, headers) = rows.next().ok_or_else(|| XlsxError::EmptySheet {
            name: name.to_owned(),
        })?;
        let headers = headers
            .iter()
            .map(|cell| cell_text(cell).trim().to_owned())
            .collect();
        let mut table = TableBuilder::new(headers);
        // One text per column, rewritten row after row.
        let mut cells = vec![String::new(); width];
        for (line, row) in rows {
            for (text, cell) in cells.iter_mut().zip(row) {
                text.clear();
                write_cell(cell, text);
            }
            table.push_row(&cells, line);
        }
        Ok((table.finish(), header_row))
    }
}

/// Whether a cell's text would be blank, found without writing it.
fn blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            text.trim().is_empty()
        }
        _ => false,
    }
}

/// A cell as the text a person would have typed.
fn cell_text(cell: &Data) -> String {
    let mut text = String::new();
    write_cell(cell, &mut text);
    text
}

/// Writes a cell as the text a person would have typed.
fn write_cell(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    match cell {
        Data::Empty => {}
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            out.push_str(text)
        }
        Data::Int(value) => {
            let _ = write!(out, "{value}");
        }
        Data::Float(value) => write_number(*value, out),
        Data::Bool(value) => out.push_str(if *value { "TRUE" } else { "FALSE" }),
        Data::Error(error) => {
            let _ = write!(out, "{error}");
        }
        Data::DateTime(moment) if moment.is_duration() => {
            out.push_str(&duration_text(moment.as_f64() * 86_400.0))
        }
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(at) => {
                let _ = write!(out, "{:04}-{:02}-{:02}", at.year(), at.month(), at.day());
                if (at.hour(), at.minute(), at.second()) != (0, 0, 0) {
                    let _ = write!(
                        out,
                        " {:02}:{:02}:{:02}",
                        at.hour(),
                        at.minute(),
                        at.second()
                    );
                }
            }
            None => write_number(moment.as_f64(), out),
        },
    }
}

/// A float with no spurious `.0` and no exponent for ordinary figures.
fn write_number(value: f64, out: &mut String) {
    use std::fmt::Write;
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let _ = write!(out, "{value:.0}");
    } else {
        let _ = write!(out, "{value}");
    }
}

#[cfg(test)]
fn number_text(value: f64) -> String {
    let mut text = String::new();
    write_number(value, &mut text);
    text
}

/// Seconds as `h:mm:ss` (with fractional seconds when there are any).
fn duration_text(seconds: f64) -> String {
    let rounded = (seconds * 1000.0).round() / 1000.0;
    let whole = rounded.trunc() as i64;
    let fraction = rounded - whole as f64;
    let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60);
    if fraction > 0.0 {
        format!("{hours}:{minutes:02}:{:06.3}", secs as f64 + fraction)
    } else {
        format!("{hours}:{minutes:02}:{secs:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_durations_as_text() {
        assert_eq!(number_text(120.0), "120");
        assert_eq!(number_text(4.75), "4.75");
        assert_eq!(number_text(-0.5), "-0.5");
        assert_eq!(duration_text(200.0), "0:03:20");
        assert_eq!(duration_text(3723.5), "1:02:03.500");
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        let err = open_xlsx(b"agent,csat\nAnn,4\n".to_vec()).err().unwrap();
        assert!(
            err.to_string()
                .contains("could not be read as an Excel .xlsx workbook"),
            "{err}"
        );
        assert!(open_xlsx(Vec::new()).is_err());
    }
}
