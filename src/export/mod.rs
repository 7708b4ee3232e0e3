//! Serialisation at the edge: the `extract` JSON contract, human-readable tables and Akoma
//! Ntoso.

pub mod network;
pub mod shards;
pub mod table;

use std::io::{self, Write};

use crate::extract::Extraction;

mod akn;

pub use akn::{AKN_NS, akn_href, akn_number, write_akn};

/// Writes a readable summary of one extraction.
pub fn write_table(out: &mut impl Write, ex: &Extraction) -> io::Result<()> {
    writeln!(out, "{}  [{}]", ex.file, ex.language)?;
    let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    writeln!(out, "  symbol   {}", field(&ex.symbol))?;
    writeln!(out, "  title    {}", field(&ex.title))?;
    writeln!(
        out,
        "  organ    {}   type {}",
        field(&ex.organ),
        field(&ex.doc_type)
    )?;
    writeln!(
        out,
        "  session  {}   agenda {:?}   date {}   meeting {}   draft {}",
        ex.session.map_or("—".into(), |s| s.to_string()),
        ex.agenda_items,
        field(&ex.date),
        ex.meeting.map_or("—".into(), |s| s.to_string()),
        field(&ex.draft_symbol)
    )?;
    let pre = ex
        .paragraphs
        .iter()
        .filter(|p| p.kind.as_str() == "preamble")
        .count();
    let op = ex
        .paragraphs
        .iter()
        .filter(|p| p.kind.as_str() == "operative")
        .count();
    writeln!(
        out,
        "  paragraphs {} ({} preambular, {} operative)",
        ex.paragraphs.len(),
        pre,
        op
    )?;
    writeln!(out, "  citations {}", ex.citations.len())?;
    for c in &ex.citations {
        writeln!(
            out,
            "    {:<24} {:<12} {:<6} {:<18} {}{}",
            c.target,
            c.kind,
            c.paragraph.as_deref().unwrap_or("—"),
            c.function.as_deref().unwrap_or("—"),
            c.footnote.map_or(String::new(), |n| format!("[fn {n}] ")),
            c.instrument
                .as_deref()
                .or(c.pinpoint.as_deref())
                .unwrap_or(&c.text),
        )?;
    }
    if !ex.bodies.is_empty() {
        writeln!(out, "  bodies {}", ex.bodies.len())?;
        for b in &ex.bodies {
            writeln!(out, "    {:<16} {}", b.id, b.text)?;
        }
    }
    for d in &ex.diagnostics {
        writeln!(out, "  note: {d}")?;
    }
    Ok(())
}
