//! Excel workbooks (.xlsx): the sheet names, and one sheet as a raw
//! [`Table`] of texts — numbers written exactly, dates as ISO dates, time
//! durations as `h:mm:ss` — so every source goes through the same value
//! parsing and mapping as a paste or a CSV.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Timelike};
use kpi_engine::reading::{MAX_COLUMNS, XlsxError};
use kpi_engine::table::Table;

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
        let rows: Vec<(usize, Vec<String>)> = range
            .rows()
            .enumerate()
            .map(|(index, row)| {
                (
                    first_row + index + 1,
                    row.iter().map(cell_text).collect::<Vec<String>>(),
                )
            })
            .filter(|(_, cells)| cells.iter().any(|cell| !cell.trim().is_empty()))
            .collect();
        let filled = |cells: &[String]| cells.iter().filter(|cell| !cell.trim().is_empty()).count();
        let widest = rows
            .iter()
            .take(10)
            .map(|(_, cells)| filled(cells))
            .max()
            .unwrap_or(0);
        let header = rows
            .iter()
            .position(|(_, cells)| 2 * filled(cells) >= widest)
            .ok_or_else(|| XlsxError::EmptySheet {
                name: name.to_owned(),
            })?;
        let (header_row, headers) = &rows[header];
        let headers = headers.iter().map(|cell| cell.trim().to_owned()).collect();
        let (lines, body) = rows[header + 1..].iter().cloned().unzip();
        Ok((
            Table {
                headers,
                rows: body,
                lines,
            },
            *header_row,
        ))
    }
}

/// A cell as the text a person would have typed.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(value) => value.to_string(),
        Data::Float(value) => number_text(*value),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_owned(),
        Data::Error(error) => error.to_string(),
        Data::DateTime(moment) if moment.is_duration() => duration_text(moment.as_f64() * 86_400.0),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(at) => {
                let date = format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day());
                if (at.hour(), at.minute(), at.second()) == (0, 0, 0) {
                    date
                } else {
                    format!(
                        "{date} {:02}:{:02}:{:02}",
                        at.hour(),
                        at.minute(),
                        at.second()
                    )
                }
            }
            None => number_text(moment.as_f64()),
        },
    }
}

/// A float with no spurious `.0` and no exponent for ordinary figures.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
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
