//! The gazetteer of United Nations bodies: organs, subsidiary bodies, commissions, funds and
//! programmes, specialized agencies, related organizations, Secretariat offices, treaty bodies,
//! missions, posts, conferences and the intergovernmental organizations that resolutions name,
//! each with its names and acronyms in the six official languages.
//!
//! The table is `data/bodies.toml`, compiled into the binary and parsed once on first use. Every
//! alias carries an example sentence or phrase that contains it verbatim and the source of that
//! example, so the table can be checked against its own examples. Problems in the table are
//! reported by [`validate`], never by a panic: a table that does not parse loads as empty and
//! says why.
//!
//! Architecture invariant: this module owns the data and its consistency rules only. It does not
//! match text: another layer compiles the aliases into an automaton, honouring [`Guard`] and
//! [`Alias::ambiguous`].

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::text::Lang;

/// The embedded table.
const TABLE: &str = include_str!("../../data/bodies.toml");

/// The values allowed in [`Body::kind`].
const BODY_KINDS: &[&str] = &[
    "principal-organ",
    "subsidiary-organ",
    "functional-commission",
    "regional-commission",
    "fund-programme",
    "specialized-agency",
    "related-organization",
    "secretariat-office",
    "research-institute",
    "treaty-body",
    "mission",
    "post",
    "conference",
    "intergovernmental-organization",
    "other",
];

/// One entity of the gazetteer: a UN organ, office, agency, mission, post, conference or
/// partner organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body {
    /// Stable identifier: the English acronym where there is one (`"UNODC"`, `"UN-Women"`,
    /// `"GA"`, `"SG"`), otherwise a short upper-case tag.
    pub id: String,
    /// The English official name.
    pub name: String,
    /// The English acronym, if the body has one.
    pub acronym: Option<String>,
    /// What sort of body this is: one of `principal-organ`, `subsidiary-organ`,
    /// `functional-commission`, `regional-commission`, `fund-programme`, `specialized-agency`,
    /// `related-organization`, `secretariat-office`, `research-institute`, `treaty-body`,
    /// `mission`, `post`, `conference`, `intergovernmental-organization`, `other`.
    pub kind: String,
    /// The id of the body this one belongs to (`org:subOrganizationOf`), if any.
    pub parent: Option<String>,
    /// The Wikidata QID (`Q…`), given only when a source for it is recorded.
    pub wikidata: Option<String>,
    /// Where the QID comes from: `verified`, `secondary` (a Wikidata-derived list, not checked
    /// live) or `absent` (no QID known).
    pub wikidata_status: String,
    /// The surface forms of the body, in all six languages.
    pub aliases: Vec<Alias>,
}

impl Body {
    /// The aliases of this body in one language.
    ///
    /// ```
    /// use unkg::gazetteer::bodies::body;
    /// use unkg::text::Lang;
    /// let ipu = body("IPU").map(|b| b.aliases_in(Lang::Zh).count());
    /// assert!(ipu >= Some(1));
    /// ```
    pub fn aliases_in(&self, lang: Lang) -> impl Iterator<Item = &Alias> {
        self.aliases.iter().filter(move |a| a.lang == lang)
    }
}

/// One surface form of a body in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The language of the form.
    pub lang: Lang,
    /// The form itself, as written in UN documents (Arabic in dictionary form, without clitics;
    /// Russian in the nominative or in an oblique case attested in the corpus).
    pub text: String,
    /// Whether the form is a full name, an acronym, a short form or a former name.
    pub kind: AliasKind,
    /// A restriction on how the form may be matched, for acronyms that are also words.
    pub guard: Option<Guard>,
    /// True when the same form belongs on purpose to several bodies (`ITC`, `ILC`, `ICC` …).
    pub ambiguous: bool,
    /// A sentence or phrase that contains [`Alias::text`] verbatim.
    pub example: String,
    /// Where the example comes from: a corpus file, `un-conventions` or `unterm-form`.
    pub source: String,
}

/// The kind of a surface form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AliasKind {
    /// The full official name.
    Name,
    /// An acronym or abbreviation (`UNODC`, `ONUDC`, `УНП ООН`, `الأونروا`).
    Acronym,
    /// A short or unofficial form (`UN Women`, `妇女署`, `Security Council of the United Nations`).
    Short,
    /// A former name or acronym (`Department of Peacekeeping Operations`, `毒品和犯罪问题办事处`).
    Historic,
}

impl AliasKind {
    /// The name used in the table (`"name"`, `"acronym"`, `"short"`, `"historic"`).
    pub fn as_str(self) -> &'static str {
        match self {
            AliasKind::Name => "name",
            AliasKind::Acronym => "acronym",
            AliasKind::Short => "short",
            AliasKind::Historic => "historic",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "name" => Some(AliasKind::Name),
            "acronym" => Some(AliasKind::Acronym),
            "short" => Some(AliasKind::Short),
            "historic" => Some(AliasKind::Historic),
            _ => None,
        }
    }
}

/// A restriction on matching an alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Guard {
    /// Match only in exactly this case: `WHO` but not `who`, `AU` but not `au`.
    Uppercase,
}

/// The table as written in TOML, before checking.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    body: Vec<RawBody>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBody {
    id: String,
    name: String,
    #[serde(default)]
    acronym: Option<String>,
    kind: String,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    wikidata: Option<String>,
    #[serde(default)]
    wikidata_status: String,
    #[serde(default)]
    alias: Vec<RawAlias>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlias {
    lang: String,
    text: String,
    kind: String,
    #[serde(default)]
    guard: Option<String>,
    #[serde(default)]
    ambiguous: bool,
    #[serde(default)]
    example: String,
    #[serde(default)]
    source: String,
}

/// The loaded table with its id index and the problems found while loading and checking it.
struct Table {
    bodies: Vec<Body>,
    index: HashMap<String, usize>,
    problems: Vec<String>,
}

static LOADED: LazyLock<Table> = LazyLock::new(|| load(TABLE));

/// Parses and checks a table. Never fails: problems are collected, and entries that cannot be
/// represented (an unknown language, an unknown alias kind) are left out.
fn load(text: &str) -> Table {
    let (bodies, mut problems) = parse(text);
    problems.extend(check(&bodies));
    let mut index = HashMap::with_capacity(bodies.len());
    for (i, b) in bodies.iter().enumerate() {
        index.entry(b.id.clone()).or_insert(i);
    }
    Table {
        bodies,
        index,
        problems,
    }
}

/// Converts the TOML text into bodies, reporting what cannot be converted.
fn parse(text: &str) -> (Vec<Body>, Vec<String>) {
    let raw: RawTable = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            return (
                Vec::new(),
                vec![format!("bodies table does not parse: {e}")],
            );
        }
    };
    let mut problems = Vec::new();
    let mut bodies = Vec::with_capacity(raw.body.len());
    for rb in raw.body {
        let mut aliases = Vec::with_capacity(rb.alias.len());
        for ra in rb.alias {
            let lang = match ra.lang.parse::<Lang>() {
                Ok(l) if l.code() == ra.lang => l,
                _ => {
                    problems.push(format!(
                        "body {:?}: alias {:?} has unknown language {:?}",
                        rb.id, ra.text, ra.lang
                    ));
                    continue;
                }
            };
            let Some(kind) = AliasKind::parse(&ra.kind) else {
                problems.push(format!(
                    "body {:?}: alias {:?} has unknown kind {:?}",
                    rb.id, ra.text, ra.kind
                ));
                continue;
            };
            let guard = match ra.guard.as_deref() {
                None => None,
                Some("uppercase") => Some(Guard::Uppercase),
                Some(other) => {
                    problems.push(format!(
                        "body {:?}: alias {:?} has unknown guard {other:?}",
                        rb.id, ra.text
                    ));
                    None
                }
            };
            aliases.push(Alias {
                lang,
                text: ra.text,
                kind,
                guard,
                ambiguous: ra.ambiguous,
                example: ra.example,
                source: ra.source,
            });
        }
        bodies.push(Body {
            id: rb.id,
            name: rb.name,
            acronym: rb.acronym,
            kind: rb.kind,
            parent: rb.parent,
            wikidata: rb.wikidata,
            wikidata_status: rb.wikidata_status,
            aliases,
        });
    }
    (bodies, problems)
}

/// True for `Q` followed by one or more ASCII digits, the first of them not zero.
fn is_qid(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('Q') else {
        return false;
    };
    !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The consistency rules of the table; returns one message per problem.
fn check(bodies: &[Body]) -> Vec<String> {
    let mut problems = Vec::new();

    // ids
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for b in bodies {
        if b.id.trim().is_empty() || b.id.trim() != b.id {
            problems.push(format!("body id {:?} is empty or padded", b.id));
        }
        *ids.entry(b.id.as_str()).or_insert(0) += 1;
    }
    let mut dups: Vec<&str> = ids
        .iter()
        .filter(|&(_, &n)| n > 1)
        .map(|(&id, _)| id)
        .collect();
    dups.sort_unstable();
    for id in dups {
        problems.push(format!("duplicate body id {id:?}"));
    }

    let by_id: HashMap<&str, &Body> = bodies.iter().map(|b| (b.id.as_str(), b)).collect();
    for b in bodies {
        let id = &b.id;
        if b.name.trim().is_empty() {
            problems.push(format!("body {id:?} has no English name"));
        } else if !b
            .aliases
            .iter()
            .any(|a| a.lang == Lang::En && a.kind == AliasKind::Name && a.text == b.name)
        {
            problems.push(format!(
                "body {id:?}: its name {:?} is not among its English name aliases",
                b.name
            ));
        }
        let acronym_missing = |acr: &&String| {
            !b.aliases
                .iter()
                .any(|a| a.lang == Lang::En && &a.text == *acr)
        };
        if let Some(acr) = b.acronym.as_ref().filter(acronym_missing) {
            problems.push(format!(
                "body {id:?}: its acronym {acr:?} is not among its English aliases"
            ));
        }
        if !BODY_KINDS.contains(&b.kind.as_str()) {
            problems.push(format!("body {id:?} has unknown kind {:?}", b.kind));
        }
        let unknown = |p: &&String| !by_id.contains_key(p.as_str());
        if let Some(p) = b.parent.as_ref().filter(unknown) {
            problems.push(format!("body {id:?} has unknown parent {p:?}"));
        }
        match (b.wikidata.as_deref(), b.wikidata_status.as_str()) {
            (Some(q), "verified" | "secondary") => {
                if !is_qid(q) {
                    problems.push(format!("body {id:?} has malformed QID {q:?}"));
                }
            }
            (None, "absent") => {}
            (Some(q), "absent") => {
                problems.push(format!("body {id:?} has QID {q:?} but status \"absent\""));
            }
            (None, "verified" | "secondary") => problems.push(format!(
                "body {id:?} has status {:?} but no QID",
                b.wikidata_status
            )),
            (_, other) => {
                problems.push(format!("body {id:?} has unknown wikidata_status {other:?}"));
            }
        }
        let mut seen: HashSet<(Lang, &str)> = HashSet::new();
        for a in &b.aliases {
            let t = &a.text;
            if t.trim().is_empty() || t.trim() != t {
                problems.push(format!("body {id:?}: alias {t:?} is empty or padded"));
            }
            if !seen.insert((a.lang, t.as_str())) {
                problems.push(format!(
                    "body {id:?}: alias {t:?} ({}) is listed twice",
                    a.lang
                ));
            }
            if a.example.trim().is_empty() {
                problems.push(format!(
                    "body {id:?}: alias {t:?} ({}) has no example",
                    a.lang
                ));
            } else if !a.example.contains(t.as_str()) {
                problems.push(format!(
                    "body {id:?}: the example of alias {t:?} ({}) does not contain it: {:?}",
                    a.lang, a.example
                ));
            }
            if a.source.trim().is_empty() {
                problems.push(format!(
                    "body {id:?}: alias {t:?} ({}) has no source",
                    a.lang
                ));
            }
        }
    }

    // parent cycles: follow each chain at most as many steps as there are bodies
    let mut in_cycle: HashSet<&str> = HashSet::new();
    for b in bodies {
        let mut cur = b.parent.as_deref();
        let mut steps = 0;
        while let Some(p) = cur {
            if p == b.id {
                in_cycle.insert(b.id.as_str());
                break;
            }
            steps += 1;
            if steps > bodies.len() {
                break;
            }
            cur = by_id.get(p).and_then(|pb| pb.parent.as_deref());
        }
    }
    let mut cyc: Vec<&str> = in_cycle.into_iter().collect();
    cyc.sort_unstable();
    for id in cyc {
        problems.push(format!("body {id:?} is its own ancestor (parent cycle)"));
    }

    // one form in one language on two bodies, unless every holder marks it ambiguous
    let mut holders: HashMap<(Lang, &str), Vec<(&str, bool)>> = HashMap::new();
    for b in bodies {
        for a in &b.aliases {
            holders
                .entry((a.lang, a.text.as_str()))
                .or_default()
                .push((b.id.as_str(), a.ambiguous));
        }
    }
    let mut shared: Vec<String> = holders
        .into_iter()
        .filter_map(|((lang, text), hs)| {
            let owners: HashSet<&str> = hs.iter().map(|&(id, _)| id).collect();
            if owners.len() > 1 && !hs.iter().all(|&(_, amb)| amb) {
                let mut owners: Vec<&str> = owners.into_iter().collect();
                owners.sort_unstable();
                Some(format!(
                    "alias {text:?} ({lang}) is on several bodies without `ambiguous = true` on all: {}",
                    owners.join(", ")
                ))
            } else {
                None
            }
        })
        .collect();
    shared.sort();
    problems.extend(shared);
    problems
}

/// All bodies of the gazetteer, in table order.
///
/// Loaded from `data/bodies.toml` on first use; a table that does not parse yields an empty
/// slice (and [`validate`] says why).
///
/// ```
/// let n = unkg::gazetteer::bodies::bodies().len();
/// assert!(n >= 300);
/// ```
pub fn bodies() -> &'static [Body] {
    &LOADED.bodies
}

/// The body with this id, if any.
///
/// ```
/// use unkg::gazetteer::bodies::body;
/// assert_eq!(body("UNODC").map(|b| b.name.as_str()), Some("United Nations Office on Drugs and Crime"));
/// assert!(body("no-such-body").is_none());
/// ```
pub fn body(id: &str) -> Option<&'static Body> {
    LOADED.index.get(id).and_then(|&i| LOADED.bodies.get(i))
}

/// Validation problems of the table (empty when the table is good): duplicate ids, unknown
/// parents, parent cycles, aliases without an example or whose example does not contain them,
/// the same alias text in one language on two entities (unless both are marked as
/// intentionally ambiguous with `ambiguous = true`), QIDs not of the form `Q[0-9]+`, and
/// anything the loader had to leave out (unknown languages, alias kinds, guards).
///
/// ```
/// assert!(unkg::gazetteer::bodies::validate().is_empty());
/// ```
pub fn validate() -> Vec<String> {
    LOADED.problems.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    /// A directory of shared/, beside the crate, or at its usual absolute place.
    fn shared_dir(rel: &str) -> Option<PathBuf> {
        let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared")
            .join(rel);
        let absolute = PathBuf::from("/work/shared").join(rel);
        [beside, absolute].into_iter().find(|p| p.exists())
    }

    #[test]
    fn table_is_valid() {
        let problems = validate();
        assert!(
            problems.is_empty(),
            "{} problems, first ones: {:#?}",
            problems.len(),
            &problems[..problems.len().min(20)]
        );
    }

    #[test]
    fn has_at_least_300_bodies() {
        assert!(bodies().len() >= 300, "{} bodies", bodies().len());
    }

    #[test]
    fn every_body_has_an_english_name() {
        for b in bodies() {
            assert!(!b.name.trim().is_empty(), "{} has no name", b.id);
            assert!(
                b.aliases_in(Lang::En).next().is_some(),
                "{} has no English alias",
                b.id
            );
        }
    }

    #[test]
    fn index_finds_every_body() {
        for b in bodies() {
            assert_eq!(body(&b.id).map(|x| &x.id), Some(&b.id));
        }
    }

    /// Every required body of every gold document is named by some entity: its id, name,
    /// acronym or one of its aliases equals one of the gold aliases.
    #[test]
    fn covers_every_gold_body() {
        let Some(dir) = shared_dir("gold") else {
            eprintln!("shared/gold not found; gold coverage not checked");
            return;
        };
        let mut names: HashSet<&str> = HashSet::new();
        for b in bodies() {
            names.insert(&b.id);
            names.insert(&b.name);
            if let Some(a) = &b.acronym {
                names.insert(a);
            }
            for a in &b.aliases {
                names.insert(&a.text);
            }
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("gold directory is readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no gold files in {}", dir.display());
        let mut missing = Vec::new();
        let mut required = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).expect("gold file is readable");
            let doc: serde_json::Value = serde_json::from_str(&text).expect("gold file is JSON");
            let gold_bodies = doc["bodies"].as_array().cloned().unwrap_or_default();
            for gb in gold_bodies {
                if gb["optional"].as_bool() == Some(true) {
                    continue;
                }
                required += 1;
                let aliases: Vec<&str> = gb["aliases"]
                    .as_array()
                    .map(|v| v.iter().filter_map(|a| a.as_str()).collect())
                    .unwrap_or_default();
                if !aliases.iter().any(|a| names.contains(a)) {
                    missing.push(format!("{}: {aliases:?}", f.display()));
                }
            }
        }
        assert!(required > 0, "no required gold bodies found");
        assert!(missing.is_empty(), "gold bodies not covered: {missing:#?}");
    }

    /// The Chinese and English names of the bodies named in the seed document (A/RES/79/319).
    #[test]
    fn seed_names_are_present() {
        let seed = [
            ("IPU", "各国议会联盟", "Inter-Parliamentary Union"),
            (
                "UN-Women",
                "妇女署",
                "United Nations Entity for Gender Equality and the Empowerment of Women",
            ),
            ("UN-Women", "联合国促进性别平等和增强妇女权能署", "UN Women"),
            (
                "UNODC",
                "联合国毒品和犯罪问题办公室",
                "United Nations Office on Drugs and Crime",
            ),
            (
                "UNOCT",
                "反恐怖主义办公室",
                "United Nations Office of Counter-Terrorism",
            ),
            (
                "UNDP",
                "联合国开发计划署",
                "United Nations Development Programme",
            ),
            ("WHO", "世界卫生组织", "World Health Organization"),
            ("HRC", "人权理事会", "Human Rights Council"),
            (
                "UNFCCC",
                "联合国气候变化框架公约秘书处",
                "UNFCCC secretariat",
            ),
            (
                "UNSDG",
                "联合国可持续发展集团",
                "United Nations Sustainable Development Group",
            ),
            (
                "HLPF",
                "可持续发展问题高级别政治论坛",
                "High-level Political Forum on Sustainable Development",
            ),
            ("HLPF", "高级别政治论坛", "high-level political forum"),
            (
                "TBLDC",
                "最不发达国家技术库",
                "Technology Bank for the Least Developed Countries",
            ),
            ("SG", "秘书长", "Secretary-General"),
            ("PGA", "大会主席", "President of the General Assembly"),
            ("GA", "大会", "General Assembly"),
            ("UN", "联合国", "United Nations"),
            ("UNCT", "联合国国家工作队", "United Nations country teams"),
            (
                "TREATY-BODIES",
                "人权条约机构",
                "human rights treaty bodies",
            ),
            ("UN-system", "联合国系统", "United Nations system"),
        ];
        for (id, zh, en) in seed {
            let b = body(id).unwrap_or_else(|| panic!("no body {id}"));
            assert!(
                b.aliases_in(Lang::Zh).any(|a| a.text == zh),
                "{id} lacks zh {zh}"
            );
            assert!(
                b.aliases_in(Lang::En).any(|a| a.text == en),
                "{id} lacks en {en}"
            );
        }
        // the old and the new Chinese names of UNODC
        let unodc = body("UNODC").expect("UNODC");
        for zh in ["毒品和犯罪问题办事处", "毒品和犯罪问题办公室"] {
            assert!(
                unodc.aliases_in(Lang::Zh).any(|a| a.text == zh),
                "UNODC lacks {zh}"
            );
        }
    }

    /// Every QID in the table appears in the reference it is said to come from; no QID is
    /// given for the bodies the reference lists as not found.
    #[test]
    fn qids_come_from_the_reference() {
        for b in bodies() {
            assert_ne!(
                b.wikidata_status, "verified",
                "{}: nothing is verified live",
                b.id
            );
        }
        for id in [
            "IPU", "UNODC", "OHCHR", "UNOCT", "UNSDG", "SG", "UNCTAD", "DESA", "OCHA", "UNEA",
        ] {
            let b = body(id).unwrap_or_else(|| panic!("no body {id}"));
            assert_eq!(b.wikidata, None, "{id} must have no QID");
        }
        let Some(reference) = shared_dir("reference/un-conventions.md") else {
            eprintln!("reference not found; QID sources not checked");
            return;
        };
        let text = std::fs::read_to_string(reference).expect("reference is readable");
        for b in bodies() {
            if let Some(q) = &b.wikidata {
                let quoted = text.contains(&format!("| {q} |"))
                    || text.contains(&format!("| {q}\n"))
                    || text.contains(&format!(" {q} ("));
                assert!(quoted, "{}: QID {q} is not in the reference", b.id);
            }
        }
    }

    #[test]
    fn guards_sit_on_english_words() {
        for (id, text) in [
            ("WHO", "WHO"),
            ("AU", "AU"),
            ("EU", "EU"),
            ("IMO", "IMO"),
            ("CAT", "CAT"),
            ("UN", "UN"),
        ] {
            let b = body(id).unwrap_or_else(|| panic!("no body {id}"));
            let a = b
                .aliases_in(Lang::En)
                .find(|a| a.text == text)
                .unwrap_or_else(|| panic!("{id} lacks {text}"));
            assert_eq!(a.guard, Some(Guard::Uppercase), "{id} {text}");
        }
    }

    #[test]
    fn russian_oblique_forms_are_present() {
        for (id, form) in [
            ("GA", "Генеральной Ассамблеи"),
            ("UNSC", "Совета Безопасности"),
            ("UNSC", "Советом Безопасности"),
            ("SG", "Генерального секретаря"),
        ] {
            let b = body(id).unwrap_or_else(|| panic!("no body {id}"));
            assert!(
                b.aliases_in(Lang::Ru).any(|a| a.text == form),
                "{id} lacks {form}"
            );
        }
    }

    #[test]
    fn parents_lead_to_a_root() {
        for b in bodies() {
            let mut cur = b;
            for _ in 0..bodies().len() {
                match cur.parent.as_deref().and_then(body) {
                    Some(p) => cur = p,
                    None => break,
                }
            }
            assert!(cur.parent.is_none(), "{}: parent chain does not end", b.id);
        }
    }

    /// Per-language counts, for reports (`cargo test alias_counts -- --nocapture`).
    #[test]
    fn alias_counts_per_language() {
        let mut per_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut per_source: BTreeMap<String, usize> = BTreeMap::new();
        for b in bodies() {
            for a in &b.aliases {
                let e = per_lang.entry(a.lang.code()).or_default();
                e.0 += 1;
                let from_corpus = a.source != "unterm-form" && a.source != "un-conventions";
                if from_corpus {
                    e.1 += 1;
                }
                let key = if from_corpus {
                    "corpus"
                } else {
                    a.source.as_str()
                };
                *per_source
                    .entry(format!("{}:{key}", a.lang.code()))
                    .or_default() += 1;
            }
        }
        let qids = bodies().iter().filter(|b| b.wikidata.is_some()).count();
        println!("bodies: {}, with QID (secondary): {qids}", bodies().len());
        for (lang, (n, corpus)) in &per_lang {
            println!("{lang}: {n} aliases, {corpus} with a corpus example");
        }
        println!("{per_source:?}");
        assert_eq!(per_lang.len(), 6, "all six languages are present");
    }

    // ---- the rules themselves, on small tables

    const GOOD: &str = r#"
[[body]]
id = "UN"
name = "United Nations"
kind = "principal-organ"
wikidata = "Q1065"
wikidata_status = "secondary"
[[body.alias]]
lang = "en"
text = "United Nations"
kind = "name"
example = "the United Nations system"
source = "test"

[[body]]
id = "GA"
name = "General Assembly"
acronym = "GA"
kind = "principal-organ"
parent = "UN"
wikidata_status = "absent"
[[body.alias]]
lang = "en"
text = "General Assembly"
kind = "name"
example = "The General Assembly,"
source = "test"
[[body.alias]]
lang = "en"
text = "GA"
kind = "acronym"
guard = "uppercase"
example = "GA resolution"
source = "test"
"#;

    #[test]
    fn a_good_small_table_passes() {
        let t = load(GOOD);
        assert!(t.problems.is_empty(), "{:#?}", t.problems);
        assert_eq!(t.bodies.len(), 2);
        assert_eq!(t.bodies[1].aliases[1].guard, Some(Guard::Uppercase));
    }

    fn problems_of(edit: impl Fn(&str) -> String) -> Vec<String> {
        load(&edit(GOOD)).problems
    }

    #[test]
    fn reports_a_table_that_does_not_parse() {
        let p = problems_of(|t| t.replace("[[body]]", "[[body"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("does not parse"));
    }

    #[test]
    fn reports_duplicate_ids() {
        let p = problems_of(|t| {
            t.replace("id = \"GA\"", "id = \"UN\"")
                .replace("parent = \"UN\"\n", "")
        });
        assert!(
            p.iter().any(|m| m.contains("duplicate body id \"UN\"")),
            "{p:?}"
        );
    }

    #[test]
    fn reports_unknown_parents_and_cycles() {
        let p = problems_of(|t| t.replace("parent = \"UN\"", "parent = \"XX\""));
        assert!(
            p.iter().any(|m| m.contains("unknown parent \"XX\"")),
            "{p:?}"
        );
        let p = problems_of(|t| {
            t.replace(
                "wikidata = \"Q1065\"",
                "parent = \"GA\"\nwikidata = \"Q1065\"",
            )
        });
        assert!(p.iter().any(|m| m.contains("parent cycle")), "{p:?}");
    }

    #[test]
    fn reports_bad_examples() {
        let p =
            problems_of(|t| t.replace("example = \"GA resolution\"", "example = \"resolution\""));
        assert!(p.iter().any(|m| m.contains("does not contain")), "{p:?}");
        let p = problems_of(|t| t.replace("example = \"GA resolution\"\n", ""));
        assert!(p.iter().any(|m| m.contains("has no example")), "{p:?}");
    }

    #[test]
    fn reports_shared_aliases_unless_ambiguous() {
        let shared = |t: &str| {
            t.replace("text = \"GA\"", "text = \"United Nations\"")
                .replace(
                    "example = \"GA resolution\"",
                    "example = \"United Nations resolution\"",
                )
        };
        let p = problems_of(shared);
        assert!(p.iter().any(|m| m.contains("several bodies")), "{p:?}");
        let both = |t: &str| {
            shared(t)
                .replace(
                    "kind = \"name\"\nexample = \"the",
                    "kind = \"name\"\nambiguous = true\nexample = \"the",
                )
                .replace("guard = \"uppercase\"", "ambiguous = true")
        };
        let p = problems_of(both);
        assert!(!p.iter().any(|m| m.contains("several bodies")), "{p:?}");
    }

    #[test]
    fn reports_bad_qids_and_statuses() {
        assert!(
            is_qid("Q1065") && !is_qid("Q") && !is_qid("q1") && !is_qid("Q01") && !is_qid("Q1a")
        );
        let p = problems_of(|t| t.replace("Q1065", "Q10x"));
        assert!(p.iter().any(|m| m.contains("malformed QID")), "{p:?}");
        let p = problems_of(|t| t.replace("\"secondary\"", "\"absent\""));
        assert!(p.iter().any(|m| m.contains("status \"absent\"")), "{p:?}");
    }

    #[test]
    fn reports_unknown_languages_kinds_and_guards() {
        let p = problems_of(|t| t.replacen("lang = \"en\"", "lang = \"english\"", 1));
        assert!(p.iter().any(|m| m.contains("unknown language")), "{p:?}");
        let p = problems_of(|t| t.replace("kind = \"acronym\"", "kind = \"nickname\""));
        assert!(
            p.iter().any(|m| m.contains("unknown kind \"nickname\"")),
            "{p:?}"
        );
        let p = problems_of(|t| t.replace("guard = \"uppercase\"", "guard = \"lower\""));
        assert!(p.iter().any(|m| m.contains("unknown guard")), "{p:?}");
    }
}
