//! The crosswalk of named instruments: declarations, conventions, programmes of action and
//! other texts that documents cite by name ("the 2030 Agenda", "the Paris Agreement", "《未来契约》"),
//! each with the document that adopted it and where in that document the text stands.
//!
//! The table is `data/instruments.toml`, compiled into the binary and parsed once on first use.
//! Every name form carries an example that contains it verbatim and the source of that example.
//! Problems in the table are reported by [`validate`], never by a panic: a table that does not
//! parse loads as empty and says why.
//!
//! Architecture invariant: this module owns the data and its consistency rules only. It does not
//! match text (the extractor compiles the names into an automaton) and knows nothing of
//! citations beyond the canonical spelling of a target.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::text::Lang;

/// The embedded table.
const TABLE: &str = include_str!("../../data/instruments.toml");

/// One instrument and the document that adopted it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instrument {
    /// Stable identifier (`"AGENDA-2030"`, `"PARIS"`, `"UDHR"`).
    pub id: String,
    /// The English title.
    pub name: String,
    /// Canonical symbol of the adopting document (`"A/RES/70/1"`, `"FCCC/CP/2015/10/Add.1"`).
    pub target: String,
    /// Where in the adopting document the text stands, in English (`"annex II"`), if anywhere
    /// in particular.
    pub pinpoint: Option<String>,
    /// Other identifiers a footnote may give for the same text: a decision number
    /// (`"1/CP.21"`), the sales number of a conference report (`"SALES/96.IV.13"`).
    pub equivalents: Vec<String>,
    /// Whether a bare mention of the name, with no footnote, is made a citation.
    pub bare: bool,
    /// Whether the name is matched only between quotation or title marks (a title that is
    /// also an ordinary phrase, such as "The future we want").
    pub quoted: bool,
    /// The name forms, in all six languages.
    pub aliases: Vec<InstrumentAlias>,
}

impl Instrument {
    /// Whether `target` (a canonical citation target) identifies this instrument: its adopting
    /// document or one of its equivalents.
    ///
    /// ```
    /// let paris = unkg::gazetteer::instruments::instrument("PARIS").unwrap();
    /// assert!(paris.is_identified_by("FCCC/CP/2015/10/Add.1") && paris.is_identified_by("1/CP.21"));
    /// assert!(!paris.is_identified_by("A/RES/70/1"));
    /// ```
    pub fn is_identified_by(&self, target: &str) -> bool {
        let same = |a: &str| a.eq_ignore_ascii_case(target);
        same(&self.target) || self.equivalents.iter().any(|e| same(e))
    }
}

/// One name form of an instrument in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstrumentAlias {
    /// The language of the form.
    pub lang: Lang,
    /// The form, as written in documents.
    pub text: String,
    /// A sentence or phrase that contains [`InstrumentAlias::text`] verbatim.
    pub example: String,
    /// Where the example comes from: a corpus file or `unterm-form`.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    instrument: Vec<RawInstrument>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    id: String,
    name: String,
    target: String,
    #[serde(default)]
    pinpoint: Option<String>,
    #[serde(default)]
    equivalents: Vec<String>,
    #[serde(default = "yes")]
    bare: bool,
    #[serde(default)]
    quoted: bool,
    #[serde(default)]
    alias: Vec<RawAlias>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlias {
    lang: String,
    text: String,
    #[serde(default)]
    example: String,
    #[serde(default)]
    source: String,
}

struct Table {
    instruments: Vec<Instrument>,
    index: HashMap<String, usize>,
    problems: Vec<String>,
}

static LOADED: LazyLock<Table> = LazyLock::new(|| load(TABLE));

/// Parses and checks a table; never fails (problems are collected).
fn load(text: &str) -> Table {
    let mut problems = Vec::new();
    let raw: RawTable = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(format!("instruments table does not parse: {e}"));
            RawTable {
                instrument: Vec::new(),
            }
        }
    };
    let mut instruments = Vec::with_capacity(raw.instrument.len());
    for ri in raw.instrument {
        let mut aliases = Vec::with_capacity(ri.alias.len());
        for ra in ri.alias {
            match ra.lang.parse::<Lang>() {
                Ok(lang) if lang.code() == ra.lang => aliases.push(InstrumentAlias {
                    lang,
                    text: ra.text,
                    example: ra.example,
                    source: ra.source,
                }),
                _ => problems.push(format!(
                    "instrument {:?}: alias {:?} has unknown language {:?}",
                    ri.id, ra.text, ra.lang
                )),
            }
        }
        instruments.push(Instrument {
            id: ri.id,
            name: ri.name,
            target: ri.target,
            pinpoint: ri.pinpoint,
            equivalents: ri.equivalents,
            bare: ri.bare,
            quoted: ri.quoted,
            aliases,
        });
    }
    problems.extend(check(&instruments));
    let mut index = HashMap::with_capacity(instruments.len());
    for (i, it) in instruments.iter().enumerate() {
        index.entry(it.id.clone()).or_insert(i);
    }
    Table {
        instruments,
        index,
        problems,
    }
}

/// A target written the way citations are: no padding, no inner line breaks, a slash or a
/// sales prefix.
fn is_target(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.contains('\n')
        && (s.contains('/') || s.starts_with("SALES/"))
}

/// The consistency rules of the table; one message per problem.
fn check(instruments: &[Instrument]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    let mut holders: HashMap<(Lang, &str), Vec<&str>> = HashMap::new();
    for it in instruments {
        let id = &it.id;
        if id.trim().is_empty() || !ids.insert(id.as_str()) {
            problems.push(format!("instrument id {id:?} is empty or duplicated"));
        }
        if it.name.trim().is_empty() {
            problems.push(format!("instrument {id:?} has no English name"));
        }
        for t in std::iter::once(&it.target).chain(&it.equivalents) {
            if !is_target(t) {
                problems.push(format!("instrument {id:?} has malformed target {t:?}"));
            }
        }
        for lang in Lang::ALL {
            if !it.aliases.iter().any(|a| a.lang == lang) {
                problems.push(format!("instrument {id:?} has no name in {lang}"));
            }
        }
        let mut seen = HashSet::new();
        for a in &it.aliases {
            let t = &a.text;
            if t.trim().is_empty() || t.trim() != t {
                problems.push(format!("instrument {id:?}: alias {t:?} is empty or padded"));
            }
            if !seen.insert((a.lang, t.as_str())) {
                problems.push(format!(
                    "instrument {id:?}: alias {t:?} ({}) is listed twice",
                    a.lang
                ));
            }
            if !a.example.contains(t.as_str()) {
                problems.push(format!(
                    "instrument {id:?}: the example of alias {t:?} ({}) does not contain it",
                    a.lang
                ));
            }
            if a.source.trim().is_empty() {
                problems.push(format!(
                    "instrument {id:?}: alias {t:?} ({}) has no source",
                    a.lang
                ));
            }
            holders.entry((a.lang, t.as_str())).or_default().push(id);
        }
    }
    let mut shared: Vec<String> = holders
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|((lang, t), ids)| {
            format!(
                "alias {t:?} ({lang}) is on several instruments: {}",
                ids.join(", ")
            )
        })
        .collect();
    shared.sort();
    problems.extend(shared);
    problems
}

/// All instruments of the crosswalk, in table order.
///
/// ```
/// assert!(unkg::gazetteer::instruments::instruments().len() >= 80);
/// ```
pub fn instruments() -> &'static [Instrument] {
    &LOADED.instruments
}

/// The instrument with this id, if any.
///
/// ```
/// use unkg::gazetteer::instruments::instrument;
/// assert_eq!(instrument("AGENDA-2030").map(|i| i.target.as_str()), Some("A/RES/70/1"));
/// assert!(instrument("no-such-text").is_none());
/// ```
pub fn instrument(id: &str) -> Option<&'static Instrument> {
    LOADED
        .index
        .get(id)
        .and_then(|&i| LOADED.instruments.get(i))
}

/// Validation problems of the table (empty when it is good): duplicate ids, malformed targets,
/// an instrument without a name in one of the six languages, aliases without an example or
/// whose example does not contain them, and one form on two instruments.
///
/// ```
/// assert!(unkg::gazetteer::instruments::validate().is_empty());
/// ```
pub fn validate() -> Vec<String> {
    LOADED.problems.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_valid() {
        let p = validate();
        assert!(
            p.is_empty(),
            "{} problems: {:#?}",
            p.len(),
            &p[..p.len().min(20)]
        );
    }

    #[test]
    fn the_seed_instruments_resolve_as_documented() {
        for (id, target, pin) in [
            ("AGENDA-2030", "A/RES/70/1", None),
            ("SENDAI", "A/RES/69/283", Some("annex II")),
            (
                "PARIS",
                "FCCC/CP/2015/10/Add.1",
                Some("decision 1/CP.21, annex"),
            ),
            ("UDHR", "A/RES/217(III)", Some("part A")),
            ("PACT", "A/RES/79/1", None),
            (
                "BEIJING",
                "A/CONF.177/20/Rev.1",
                Some("chap. I, resolution 1, annexes I and II"),
            ),
            ("AAAA", "A/RES/69/313", Some("annex")),
            ("GCM", "A/RES/73/195", Some("annex")),
            ("VDPA", "A/CONF.157/24", Some("part I, chap. III")),
            ("FUTURE-WE-WANT", "A/RES/66/288", Some("annex")),
            ("ICCPR", "A/RES/2200(XXI)", Some("annex")),
            ("ICESCR", "A/RES/2200(XXI)", Some("annex")),
            ("WSO-2005", "A/RES/60/1", None),
        ] {
            let it = instrument(id).unwrap_or_else(|| panic!("no instrument {id}"));
            assert_eq!(it.target, target, "{id}");
            assert_eq!(it.pinpoint.as_deref(), pin, "{id}");
        }
    }

    #[test]
    fn reports_broken_tables() {
        let t = load(
            "[[instrument]]\nid = \"X\"\nname = \"X\"\ntarget = \"nonsense\"\n[[instrument.alias]]\nlang = \"en\"\ntext = \"X Declaration\"\nexample = \"the Y\"\nsource = \"s\"\n",
        );
        assert!(
            t.problems.iter().any(|p| p.contains("malformed target")),
            "{:?}",
            t.problems
        );
        assert!(
            t.problems.iter().any(|p| p.contains("does not contain")),
            "{:?}",
            t.problems
        );
        assert!(
            t.problems.iter().any(|p| p.contains("no name in zh")),
            "{:?}",
            t.problems
        );
        assert!(load("[[instrument").problems[0].contains("does not parse"));
    }
}
