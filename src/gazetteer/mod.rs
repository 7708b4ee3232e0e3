//! The data tables of `data/`, compiled into the binary, loaded and validated once.
//!
//! Architecture invariant: every table is data with examples; a test checks each pattern
//! against its examples both ways. Nothing here knows about documents or citations: it answers
//! questions about words (is this a lead verb, which date is this, which session is this,
//! which body is this).

pub mod bodies;
pub mod calendar;
pub mod instruments;
pub mod lead_verbs;
