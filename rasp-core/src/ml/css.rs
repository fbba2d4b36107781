//! CSS values as whole values (`rgb(255, 170, 0)`, `calc(100% - 20px)`,
//! `1px solid #ccc`): what a theme editor, a page builder or a design tool
//! sends. To the SQLi model they are function calls over numbers joined by
//! commas and operators, the shape of `char(65,66)` or `sleep(5)`: 16 of 30
//! hand-written values were blocked (`models/handwritten/benign-css-*`), and
//! `var(--main-color)` as XSS.
//!
//! The rule is a small grammar, not a list of values: a value is CSS when it
//! is made only of numbers (with a CSS unit or `%`), hex colours, CSS
//! keywords and calls of CSS functions over the same, and holds at least one
//! call or colour. Nothing else is accepted: no quote, no `=`, `<`, `>`,
//! `;`, `|`, `&`, `:`, line break or tab, no name outside the lists (so no
//! SQL word and no SQL function but `min`/`max`/`repeat`/`scale`, whose
//! calls over numbers read nothing), operators only inside a call, never two
//! in a row (no `--` or `/*` comment). The two comment starts CSS needs are
//! placed where they cannot cut a query short into a complete one:
//! `--name` only as the argument of `var(`, inside its parentheses; a
//! top-level `#colour` only as the first item or after two or more
//! juxtaposed items (`1px solid #ccc`: `1px solid` is no SQL expression),
//! never after one (`1 #fff` would end `WHERE id = 1` and comment out the
//! rest of the line).

/// CSS functions whose arguments are numbers, colours and keywords. `url`,
/// `image`, `attr`, `expression` and the like, which take text or URLs, are
/// left out.
const FUNCTIONS: &[&str] = &[
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color-mix",
    "calc",
    "clamp",
    "min",
    "max",
    "minmax",
    "repeat",
    "fit-content",
    "var",
    "translate",
    "translatex",
    "translatey",
    "translatez",
    "translate3d",
    "rotate",
    "rotatex",
    "rotatey",
    "rotatez",
    "rotate3d",
    "scale",
    "scalex",
    "scaley",
    "scalez",
    "scale3d",
    "skew",
    "skewx",
    "skewy",
    "matrix",
    "matrix3d",
    "perspective",
    "cubic-bezier",
    "steps",
    "blur",
    "brightness",
    "contrast",
    "drop-shadow",
    "grayscale",
    "hue-rotate",
    "invert",
    "opacity",
    "saturate",
    "sepia",
    "linear-gradient",
    "radial-gradient",
    "conic-gradient",
    "repeating-linear-gradient",
    "repeating-radial-gradient",
    "repeating-conic-gradient",
];

/// CSS units after a number. `in` (inches) is left out: it is SQL's `IN`.
const UNITS: &[&str] = &[
    "px", "em", "rem", "ex", "ch", "cap", "lh", "rlh", "vw", "vh", "vi", "vb", "vmin", "vmax",
    "svh", "lvh", "dvh", "svw", "lvw", "dvw", "cqw", "cqh", "cm", "mm", "q", "pt", "pc", "deg",
    "rad", "grad", "turn", "s", "ms", "hz", "khz", "dpi", "dpcm", "dppx", "x", "fr",
];

/// CSS keywords that stand among the numbers of a value: directions,
/// gradient shapes, border styles, grid and easing words, colour spaces and
/// common colour names. None is an SQL operator or clause word.
const KEYWORDS: &[&str] = &[
    "to",
    "left",
    "right",
    "top",
    "bottom",
    "center",
    "at",
    "circle",
    "ellipse",
    "closest-side",
    "closest-corner",
    "farthest-side",
    "farthest-corner",
    "transparent",
    "currentcolor",
    "inset",
    "none",
    "auto",
    "auto-fill",
    "auto-fit",
    "min-content",
    "max-content",
    "start",
    "end",
    "jump-start",
    "jump-end",
    "jump-none",
    "jump-both",
    "solid",
    "dashed",
    "dotted",
    "groove",
    "ridge",
    "outset",
    "hidden",
    "srgb",
    "display-p3",
    "hue",
    "shorter",
    "longer",
    "black",
    "white",
    "gray",
    "grey",
    "silver",
    "red",
    "maroon",
    "orange",
    "yellow",
    "gold",
    "olive",
    "lime",
    "green",
    "teal",
    "aqua",
    "cyan",
    "blue",
    "navy",
    "indigo",
    "purple",
    "violet",
    "fuchsia",
    "magenta",
    "pink",
    "brown",
    "beige",
    "coral",
    "crimson",
    "salmon",
    "tomato",
    "turquoise",
];

/// Values longer than this are not looked at: CSS values a field holds are
/// short, and the walk stays bounded.
const MAX_LEN: usize = 256;

/// The bytes beside letters and digits that a CSS value may hold.
pub(super) const SYMBOLS: &[u8] = b" #%(),.+-*/";

fn listed(list: &[&str], word: &[u8]) -> bool {
    list.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// Whether the whole value (white space around it aside) is a CSS value as the
/// module doc describes.
pub(crate) fn is_css_value(v: &str) -> bool {
    let b = v.as_bytes().trim_ascii();
    // Most values the detectors see hold a byte no CSS value has (a quote,
    // `'`, `;`, `=`), or neither a call nor a colour: one pass says so
    // before any name is looked up.
    let css_byte = |c: &u8| c.is_ascii_alphanumeric() || SYMBOLS.contains(c);
    if b.is_empty()
        || b.len() > MAX_LEN
        || !b.iter().all(css_byte)
        || !b.iter().any(|c| matches!(c, b'(' | b'#'))
    {
        return false;
    }
    // The value is read once, left to right; `operand` says whether the
    // last thing read ends an operand (a number, keyword, colour or closed
    // parenthesis), after which a space, `,`, `)` or an operator may come.
    let mut depth = 0usize;
    let mut operand = false;
    let mut spaced = false;
    // Top-level items since the start or the last top-level comma.
    let mut items = 0usize;
    let mut found = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let number_start = c.is_ascii_digit()
            || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            || (matches!(c, b'+' | b'-')
                && b.get(i + 1)
                    .is_some_and(|&d| d.is_ascii_digit() || d == b'.'));
        if c == b' ' {
            spaced = true;
            i += 1;
            continue;
        }
        // An operand may follow another only after a space.
        let operand_may_start = !operand || spaced;
        spaced = false;
        if number_start && operand_may_start {
            i += usize::from(matches!(c, b'+' | b'-'));
            let digits = b[i..]
                .iter()
                .take_while(|d| d.is_ascii_digit() || **d == b'.')
                .count();
            if b[i..i + digits].iter().filter(|d| **d == b'.').count() > 1 {
                return false;
            }
            i += digits;
            let unit = b[i..]
                .iter()
                .take_while(|d| d.is_ascii_alphabetic())
                .count();
            if unit > 0 {
                if !listed(UNITS, &b[i..i + unit]) {
                    return false;
                }
                i += unit;
            } else if b.get(i) == Some(&b'%') {
                i += 1;
            }
            operand = true;
            items += usize::from(depth == 0);
            continue;
        }
        match c {
            b'#' if operand_may_start => {
                let hex = b[i + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_hexdigit())
                    .count();
                if !matches!(hex, 3 | 4 | 6 | 8) || (depth == 0 && items == 1) {
                    return false;
                }
                i += 1 + hex;
                operand = true;
                found = true;
                items += usize::from(depth == 0);
            }
            b'a'..=b'z' | b'A'..=b'Z' if operand_may_start => {
                let len = b[i..]
                    .iter()
                    .take_while(|d| d.is_ascii_alphanumeric() || **d == b'-')
                    .count();
                let word = &b[i..i + len];
                i += len;
                if b.get(i) == Some(&b'(') {
                    if !listed(FUNCTIONS, word) {
                        return false;
                    }
                    i += 1;
                    depth += 1;
                    found = true;
                    operand = false;
                    if word.eq_ignore_ascii_case(b"var") {
                        // `var(--name)` or `var(--name, fallback)`.
                        let name = b[i..]
                            .iter()
                            .take_while(|d| d.is_ascii_alphanumeric() || **d == b'-')
                            .count();
                        if name < 3 || !b[i..].starts_with(b"--") {
                            return false;
                        }
                        i += name;
                        operand = true;
                    }
                } else {
                    if !listed(KEYWORDS, word) {
                        return false;
                    }
                    operand = true;
                    items += usize::from(depth == 0);
                }
            }
            b'(' if !operand && depth > 0 => {
                depth += 1;
                i += 1;
            }
            b')' if operand && depth > 0 => {
                depth -= 1;
                i += 1;
                items += usize::from(depth == 0);
            }
            b',' if operand => {
                operand = false;
                if depth == 0 {
                    items = 0;
                }
                i += 1;
            }
            b'+' | b'-' | b'*' | b'/' if operand && depth > 0 => {
                operand = false;
                i += 1;
            }
            _ => return false,
        }
    }
    found && depth == 0 && operand
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_values() {
        for v in [
            "rgb(255, 170, 0)",
            "rgb(0 0 0 / 50%)",
            "0 4px 8px rgba(0, 0, 0, 0.1)",
            "translate(-50%, -50%) rotate(45deg)",
            "calc((100% - 2rem) / 3)",
            "calc(1 - -1px)",
            "linear-gradient(90deg, #ff7e5f 0%, #feb47b 100%)",
            "steps(4, end)",
            "var(--main-color)",
            "calc(var(--gap) * 2)",
            "1px solid #ccc",
            "0 0 0 1px #fff",
            "#fff",
            "#FFAA00",
            " #11223344 ",
            "#fff, 1px solid #000",
            "cubic-bezier(0.68, -0.55, 0.265, 1.55)",
        ] {
            assert!(is_css_value(v), "{v}");
        }
    }

    #[test]
    fn what_is_not_a_css_value() {
        for v in [
            // Not CSS, or CSS that needs no rule.
            "",
            "12px",
            "1px solid red",
            "hello(1)",
            "rgb()",
            "rgb(1,)",
            "rgb(1 2",
            "rgb(1))",
            "(1 + 2)",
            "1 + rgb(1)",
            "rgb(1)rgb(2)",
            "1.2.3px rgb(1)",
            "url(x.png)",
            "#FFAA0",
            "#GGGGGG",
            "FFAA00",
            "#FFAA00 or 1=1",
            "calc(1in + 1px)",
            // SQL in CSS clothes.
            "rgb(1) union select password from users",
            "rgb(1);drop table users",
            "1 #fff",
            "rgb(1) #fff",
            "max(1)-- -",
            "max(1) --x",
            "rgb(sleep(5))",
            "calc(1)/**/or/**/1=1",
            "calc(1 -- 1)",
            "calc(1 /* x */)",
            "var(--x) or 1",
            "var(x)",
            "var(--",
            "rgb(255, 170, 0)' or '1'='1",
            "min(1)||pg_sleep(5)",
            "scale(1) and 1=1",
            "translate(1px, (select 1))",
            "rgb(0 0 0 / 50%)) or ((1=1",
        ] {
            assert!(!is_css_value(v), "{v:?}");
        }
    }
}
