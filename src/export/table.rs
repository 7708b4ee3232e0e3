//! Ranked tables of analytics results, written as aligned text, JSON or CSV.
//!
//! Architecture invariant: a [`Table`] is plain cells; the three writers show the same rows
//! in the same order. JSON is an array of objects keyed by column; CSV follows RFC 4180.

use std::io::{self, Write};

/// One cell: text or a number (kept as a number in JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (empty for none).
    Text(String),
    /// An integer.
    Int(i64),
    /// A real number, printed with `digits` significant digits in text.
    Real(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Real(x) if *x != 0.0 && x.abs() < 1e-3 => format!("{x:.4e}"),
            Cell::Real(x) => format!("{x:.6}"),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) => serde_json::Value::String(s.clone()),
            Cell::Int(n) => (*n).into(),
            Cell::Real(x) => serde_json::Number::from_f64(*x)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

/// A table: column names and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// How to write a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Aligned columns for a terminal; the last column is not padded (titles are long).
    Text,
    /// A JSON array of objects.
    Json,
    /// RFC 4180 CSV with a header line.
    Csv,
}

impl Table {
    /// A table with these columns and no rows.
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Writes the table.
    pub fn write(&self, out: &mut impl Write, format: TableFormat) -> io::Result<()> {
        match format {
            TableFormat::Json => {
                let rows: Vec<serde_json::Value> = self
                    .rows
                    .iter()
                    .map(|r| {
                        serde_json::Value::Object(
                            self.columns
                                .iter()
                                .zip(r)
                                .map(|(c, v)| (c.clone(), v.json()))
                                .collect(),
                        )
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)
            }
            TableFormat::Csv => {
                let line = |cells: Vec<String>| {
                    cells
                        .into_iter()
                        .map(|c| {
                            if c.contains([',', '"', '\n', '\r']) {
                                format!("\"{}\"", c.replace('"', "\"\""))
                            } else {
                                c
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                };
                writeln!(out, "{}", line(self.columns.clone()))?;
                for r in &self.rows {
                    writeln!(out, "{}", line(r.iter().map(Cell::text).collect()))?;
                }
                Ok(())
            }
            TableFormat::Text => {
                let cells: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|r| r.iter().map(Cell::text).collect())
                    .collect();
                let mut width: Vec<usize> =
                    self.columns.iter().map(|c| c.chars().count()).collect();
                for r in &cells {
                    for (w, c) in width.iter_mut().zip(r) {
                        *w = (*w).max(c.chars().count());
                    }
                }
                let last = self.columns.len().saturating_sub(1);
                let line = |out: &mut dyn Write, r: &[String]| -> io::Result<()> {
                    let mut s = String::new();
                    for (i, c) in r.iter().enumerate() {
                        if i == last {
                            s.push_str(c);
                        } else {
                            s.push_str(c);
                            let pad = width[i] - c.chars().count() + 2;
                            s.extend(std::iter::repeat_n(' ', pad));
                        }
                    }
                    writeln!(out, "{}", s.trim_end())
                };
                line(out, &self.columns)?;
                for r in &cells {
                    line(out, r)?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Table {
        let mut t = Table::new(&["rank", "symbol", "score", "title"]);
        t.rows.push(vec![
            Cell::Int(1),
            "A/RES/70/1".into(),
            Cell::Real(0.25),
            "Transforming our world, \"2030\"".into(),
        ]);
        t
    }

    #[test]
    fn three_formats_same_rows() {
        let mut out = Vec::new();
        t().write(&mut out, TableFormat::Csv).unwrap_or(());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "rank,symbol,score,title\n1,A/RES/70/1,0.250000,\"Transforming our world, \"\"2030\"\"\"\n"
        );
        let mut out = Vec::new();
        t().write(&mut out, TableFormat::Json).unwrap_or(());
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
        assert_eq!(v[0]["score"], 0.25);
        let mut out = Vec::new();
        t().write(&mut out, TableFormat::Text).unwrap_or(());
        assert!(
            String::from_utf8_lossy(&out)
                .starts_with("rank  symbol      score     title\n1     A/RES/70/1")
        );
    }
}
