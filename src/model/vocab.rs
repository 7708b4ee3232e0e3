//! Vocabulary constants: the namespaces unkg writes and every term it uses from them.
//!
//! Architecture invariant: every IRI the model emits outside the data namespace (the `--base`)
//! is spelled here, once. `ontology/` declares each of them; a test checks that both lists
//! agree, so a new term added here without a definition there fails the build.

/// The unkg ontology namespace (`unkg:`).
pub const UNKG: &str = "https://w3id.org/unkg/ontology#";
/// The citation-function concept scheme namespace (`cf:`), see `ontology/citation-function.ttl`.
pub const CF: &str = "https://w3id.org/unkg/function/";
/// CiTO, the Citation Typing Ontology (`cito:`).
pub const CITO: &str = "http://purl.org/spar/cito/";
/// FRBR core (`frbr:`).
pub const FRBR: &str = "http://purl.org/vocab/frbr/core#";
/// DCMI Metadata Terms (`dcterms:`).
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
/// W3C Organization Ontology (`org:`).
pub const ORG: &str = "http://www.w3.org/ns/org#";
/// PROV-O (`prov:`).
pub const PROV: &str = "http://www.w3.org/ns/prov#";
/// Web Annotation vocabulary (`oa:`).
pub const OA: &str = "http://www.w3.org/ns/oa#";
/// SKOS (`skos:`).
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// RDF (`rdf:`).
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// RDF Schema (`rdfs:`).
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
/// OWL (`owl:`).
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
/// XML Schema datatypes (`xsd:`).
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
/// Wikidata entities (`wd:`).
pub const WD: &str = "http://www.wikidata.org/entity/";
/// Library of Congress ISO 639-1 language IRIs, the object of `dcterms:language`.
pub const ISO639_1: &str = "http://id.loc.gov/vocabulary/iso639-1/";
/// undocs.org, the public resolver for UN document symbols.
pub const UNDOCS: &str = "https://undocs.org/";

/// The fixed IRI of the bookkeeping graph (which file produced which document graph, with
/// which content hash). Local to a store; independent of `--base`.
pub const BOOKKEEPING_GRAPH: &str = "urn:unkg:build";

/// The prefix of the graphs a store keeps about its documents rather than from them
/// (bookkeeping, links, verification findings): never a document graph.
pub const STORE_GRAPH_PREFIX: &str = "urn:unkg:";

/// The prefix of the link graphs, one per registry: `urn:unkg:links:{registry}`.
pub const LINKS_GRAPH_PREFIX: &str = "urn:unkg:links:";

/// The graph of citation-verification findings.
pub const VERIFY_GRAPH: &str = "urn:unkg:verify";

/// Builds the full IRI of a term from a namespace and a local name.
pub fn term(ns: &str, local: &str) -> String {
    let mut s = String::with_capacity(ns.len() + local.len());
    s.push_str(ns);
    s.push_str(local);
    s
}

/// The `rdf:type` predicate.
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Terms of the unkg ontology the model emits (local names under [`UNKG`]).
pub const UNKG_TERMS: &[&str] = &[
    // classes
    "Paragraph",
    "PreambularParagraph",
    "OperativeParagraph",
    "BodyMention",
    // properties
    "inCorpus",
    "session",
    "agendaItem",
    "meetingNumber",
    "draft",
    "documentType",
    "organ",
    "paragraphNumber",
    "leadVerb",
    "function",
    "pinpoint",
    "footnote",
    "instrument",
    "citationKind",
    "issuingBody",
    "mentions",
    "contentHash",
    "sourcePath",
    "tripleCount",
    "citationCount",
    "mentionCount",
    "base",
    // links and verification
    "Link",
    "registry",
    "request",
    "matchMethod",
    "confidence",
    "Finding",
    "problem",
    "aboutCitation",
    "citationsChecked",
];

/// CiTO properties unkg accepts as a citation function (the `function` field of a citation)
/// and writes as the direct Work→Work edge. Anything else falls back to `cito:cites`.
pub const CITO_FUNCTIONS: &[&str] = &[
    "cites",
    "citesAsAuthority",
    "citesAsEvidence",
    "citesAsDataSource",
    "citesForInformation",
    "citesAsRelated",
    "citesAsSourceDocument",
    "citesAsRecommendedReading",
    "agreesWith",
    "disagreesWith",
    "supports",
    "confirms",
    "credits",
    "critiques",
    "corrects",
    "updates",
    "extends",
    "discusses",
    "describes",
    "documents",
    "qualifies",
    "refutes",
    "disputes",
    "obtainsSupportFrom",
    "obtainsBackgroundFrom",
    "usesDataFrom",
    "usesMethodIn",
    "usesConclusionsFrom",
    "includesQuotationFrom",
    "includesExcerptFrom",
];

/// Other CiTO terms the model emits.
pub const CITO_TERMS: &[&str] = &[
    "Citation",
    "hasCitingEntity",
    "hasCitedEntity",
    "hasCitationCharacterization",
];

/// Terms used from the other reused vocabularies, as full IRIs.
pub const REUSED_TERMS: &[(&str, &str)] = &[
    (FRBR, "Work"),
    (FRBR, "Expression"),
    (FRBR, "realization"),
    (FRBR, "realizationOf"),
    (DCTERMS, "identifier"),
    (DCTERMS, "title"),
    (DCTERMS, "date"),
    (DCTERMS, "language"),
    (DCTERMS, "isPartOf"),
    (DCTERMS, "format"),
    (DCTERMS, "modified"),
    (ORG, "Organization"),
    (PROV, "Activity"),
    (PROV, "Entity"),
    (PROV, "SoftwareAgent"),
    (PROV, "used"),
    (PROV, "wasAssociatedWith"),
    (PROV, "wasGeneratedBy"),
    (PROV, "startedAtTime"),
    (OA, "Annotation"),
    (OA, "SpecificResource"),
    (OA, "TextPositionSelector"),
    (OA, "TextQuoteSelector"),
    (OA, "hasBody"),
    (OA, "hasTarget"),
    (OA, "hasSource"),
    (OA, "hasSelector"),
    (OA, "start"),
    (OA, "end"),
    (OA, "exact"),
    (OA, "prefix"),
    (OA, "suffix"),
    (OA, "motivatedBy"),
    (OA, "linking"),
    (OA, "identifying"),
    (SKOS, "prefLabel"),
    (SKOS, "altLabel"),
    (SKOS, "notation"),
    (RDFS, "label"),
    (RDFS, "seeAlso"),
    (OWL, "sameAs"),
    (SKOS, "exactMatch"),
    (DCTERMS, "subject"),
    (DCTERMS, "description"),
    (PROV, "generatedAtTime"),
];

/// One concept of the citation-function scheme: the English lead-verb lemma(s) the extractor
/// reports, the concept's local name under [`CF`], and the CiTO property it matches.
#[derive(Debug, Clone, Copy)]
pub struct FunctionConcept {
    /// Lead-verb lemmas (as in `Paragraph::lead_verb`) that express this function.
    pub lemmas: &'static [&'static str],
    /// Local name of the concept under [`CF`].
    pub concept: &'static str,
    /// Local name of the CiTO property the concept maps to.
    pub cito: &'static str,
}

/// The citation-function scheme, from the lead-verb table of the UN editorial conventions.
/// `ontology/citation-function.ttl` has one `skos:Concept` per entry (a test checks it).
pub const FUNCTIONS: &[FunctionConcept] = &[
    FunctionConcept {
        lemmas: &["recall", "recall also", "recall further", "remind"],
        concept: "recall",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["reaffirm", "reiterate", "renew", "recommit"],
        concept: "reaffirm",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["guide", "be guided by", "guided by"],
        concept: "guidedBy",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &[
            "bear in mind",
            "mindful",
            "take into account",
            "take into consideration",
        ],
        concept: "bearInMind",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &[
            "be conscious",
            "be aware",
            "conscious",
            "aware",
            "cognizant",
            "realize",
        ],
        concept: "beAware",
        cito: "citesForInformation",
    },
    FunctionConcept {
        lemmas: &["recognize"],
        concept: "recognize",
        cito: "citesForInformation",
    },
    FunctionConcept {
        lemmas: &["note"],
        concept: "note",
        cito: "citesForInformation",
    },
    FunctionConcept {
        lemmas: &["take note"],
        concept: "takeNote",
        cito: "citesForInformation",
    },
    FunctionConcept {
        lemmas: &["take note with appreciation", "note with appreciation"],
        concept: "takeNoteWithAppreciation",
        cito: "agreesWith",
    },
    FunctionConcept {
        lemmas: &["welcome"],
        concept: "welcome",
        cito: "agreesWith",
    },
    FunctionConcept {
        lemmas: &[
            "consider",
            "have considered",
            "examine",
            "have examined",
            "having considered",
            "having examined",
            "having reviewed",
            "having heard",
            "believe",
            "convinced",
        ],
        concept: "consider",
        cito: "discusses",
    },
    FunctionConcept {
        lemmas: &["receive", "have received", "having received"],
        concept: "receive",
        cito: "citesForInformation",
    },
    FunctionConcept {
        lemmas: &[
            "express concern",
            "be concerned",
            "concerned",
            "be deeply concerned",
            "alarmed",
            "disturbed",
            "dismayed",
            "shocked",
            "express regret",
        ],
        concept: "expressConcern",
        cito: "citesAsEvidence",
    },
    FunctionConcept {
        lemmas: &[
            "emphasize",
            "stress",
            "underline",
            "underscore",
            "highlight",
            "draw attention",
        ],
        concept: "emphasize",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &[
            "appreciate",
            "commend",
            "express appreciation",
            "congratulate",
            "pay tribute",
            "thank",
            "express gratitude",
        ],
        concept: "commend",
        cito: "credits",
    },
    FunctionConcept {
        lemmas: &["deplore", "regret"],
        concept: "deplore",
        cito: "critiques",
    },
    FunctionConcept {
        lemmas: &["condemn", "denounce", "reject"],
        concept: "condemn",
        cito: "critiques",
    },
    FunctionConcept {
        lemmas: &[
            "endorse",
            "approve",
            "support",
            "express support",
            "agree",
            "accept",
        ],
        concept: "endorse",
        cito: "agreesWith",
    },
    FunctionConcept {
        lemmas: &["decide", "resolve", "determine", "establish"],
        concept: "decide",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["request", "direct"],
        concept: "request",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["urge", "demand"],
        concept: "urge",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["call upon", "call on"],
        concept: "callUpon",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["call for", "appeal"],
        concept: "callFor",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["encourage"],
        concept: "encourage",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["invite"],
        concept: "invite",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["recommend"],
        concept: "recommend",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["authorize"],
        concept: "authorize",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["affirm", "confirm", "declare", "proclaim"],
        concept: "affirm",
        cito: "citesAsAuthority",
    },
    FunctionConcept {
        lemmas: &["acknowledge"],
        concept: "acknowledge",
        cito: "citesForInformation",
    },
    FunctionConcept {
        lemmas: &["adopt"],
        concept: "adopt",
        cito: "agreesWith",
    },
];

/// The concept for an English lead-verb lemma, if the scheme has one.
///
/// ```
/// assert_eq!(unkg::model::vocab::function_for_lemma("take note").map(|f| f.concept), Some("takeNote"));
/// assert!(unkg::model::vocab::function_for_lemma("sing").is_none());
/// ```
pub fn function_for_lemma(lemma: &str) -> Option<&'static FunctionConcept> {
    let l = lemma.trim();
    FUNCTIONS
        .iter()
        .find(|f| f.lemmas.iter().any(|x| x.eq_ignore_ascii_case(l)))
}

/// Whether `name` is a CiTO property unkg writes as a citation function.
pub fn is_cito_function(name: &str) -> bool {
    CITO_FUNCTIONS.contains(&name)
}
