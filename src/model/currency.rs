//! Currencies: the ISO 4217 codes linecard knows, their symbols, and how a
//! header (`CAC ($)`, `ARPU (EUR)`) or a cell (`$4,045`, `€82.50`) says
//! which currency its money is in. The money format of a metric
//! ([`Money`]) is its currency and its one precision; `format.rs` writes
//! amounts with it, the report's cell formats follow it.

use std::fmt;

/// A currency, by its three-letter ISO 4217 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// The codes linecard knows, with the symbol written before an amount
/// where one is common and unambiguous enough to read.
const KNOWN: &[(&str, Option<&str>)] = &[
    ("USD", Some("$")),
    ("EUR", Some("€")),
    ("GBP", Some("£")),
    ("JPY", Some("¥")),
    ("INR", Some("₹")),
    ("KRW", Some("₩")),
    ("ILS", Some("₪")),
    ("CHF", None),
    ("CAD", None),
    ("AUD", None),
    ("NZD", None),
    ("SEK", None),
    ("NOK", None),
    ("DKK", None),
    ("PLN", None),
    ("CZK", None),
    ("HUF", None),
    ("CNY", None),
    ("HKD", None),
    ("SGD", None),
    ("BRL", None),
    ("MXN", None),
    ("ZAR", None),
    ("TRY", None),
    ("AED", None),
    ("SAR", None),
    ("THB", None),
    ("IDR", None),
    ("MYR", None),
    ("PHP", None),
    ("TWD", None),
    ("ARS", None),
    ("CLP", None),
    ("COP", None),
    ("RON", None),
    ("BGN", None),
    ("ISK", None),
    ("NGN", None),
    ("KES", None),
    ("EGP", None),
];

/// Symbols read in texts, and the currency each stands for (a bare `$` is
/// read as US dollars; write `CAD`, `AUD`, … for the others).
const SYMBOLS: &[(char, &str)] = &[
    ('$', "USD"),
    ('€', "EUR"),
    ('£', "GBP"),
    ('¥', "JPY"),
    ('₹', "INR"),
    ('₩', "KRW"),
    ('₪', "ILS"),
];

impl Currency {
    /// The currency of a known code, in any case (`"usd"`); `None` for
    /// anything else.
    pub fn known(code: &str) -> Option<Currency> {
        let upper = code.trim().to_ascii_uppercase();
        KNOWN
            .iter()
            .find(|(c, _)| *c == upper)
            .map(|(c, _)| Currency(c.as_bytes().try_into().expect("three letters")))
    }

    /// The currency a rule names (`currency("EUR")`), or what to say about
    /// a code linecard does not know, with the closest known one.
    pub fn parse_code(code: &str) -> Result<Currency, String> {
        Currency::known(code).ok_or_else(|| {
            let upper = code.trim().to_ascii_uppercase();
            let close = KNOWN
                .iter()
                .map(|(c, _)| (strsim::damerau_levenshtein(&upper, c), *c))
                .filter(|(d, _)| *d <= 1)
                .min()
                .map(|(_, c)| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            format!(
                "\"{}\" is not a currency code linecard knows{close}; write a three-letter ISO 4217 code such as \"USD\", \"EUR\" or \"GBP\"",
                code.trim()
            )
        })
    }

    /// `USD`.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII code")
    }

    /// `$` for USD; `None` for a currency written by its code (`CHF 120`).
    pub fn symbol(&self) -> Option<&'static str> {
        KNOWN
            .iter()
            .find(|(c, _)| c.as_bytes() == self.0)
            .and_then(|(_, s)| *s)
    }

    /// What is written before an amount: `$`, `€`, or `CHF ` (a code and a
    /// space).
    pub fn prefix(&self) -> String {
        match self.symbol() {
            Some(s) => s.to_string(),
            None => format!("{} ", self.code()),
        }
    }

    /// The currency a cell's text names: a symbol (`$4,045`, `82.50 €`) or
    /// a known code as a word of its own (`4,045 USD`).
    pub fn in_text(text: &str) -> Option<Currency> {
        if let Some(code) = text
            .chars()
            .find_map(|c| SYMBOLS.iter().find(|(s, _)| *s == c).map(|(_, code)| *code))
        {
            return Currency::known(code);
        }
        text.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase()))
            .find_map(Currency::known)
    }

    /// A header that names its currency, and the header without it: `CAC
    /// ($)` is `CAC` in USD, `ARPU (EUR)`, `ARPU in EUR`, `ARPU, €` and
    /// `ARPU EUR` are `ARPU` in EUR. `None` when the header names none.
    pub fn in_header(header: &str) -> Option<(String, Currency)> {
        let text = header.trim();
        // "(…)" or "[…]" holding only a symbol or a code, at the end.
        for (open, close) in [('(', ')'), ('[', ']')] {
            if let Some(inner) = text.strip_suffix(close)
                && let Some(at) = inner.rfind(open)
            {
                let named = inner[at + open.len_utf8()..].trim();
                if let Some(currency) = Currency::alone(named) {
                    return Some((clean(&inner[..at]), currency));
                }
            }
        }
        // The last word: "ARPU EUR", "ARPU in EUR", "Spend, $".
        let at = text.rfind(|c: char| c.is_whitespace() || c == ',')?;
        let currency = Currency::alone(text[at..].trim_start_matches([' ', ',']))?;
        let rest = clean(&text[..at]);
        let rest = rest
            .strip_suffix(" in")
            .map(str::trim_end)
            .unwrap_or(&rest)
            .to_string();
        (!rest.is_empty()).then_some((rest, currency))
    }

    /// The currency a spreadsheet number format shows: `"$"#,##0`,
    /// `\$#,##0.00`, `[$€-407] #,##0.00`, `#,##0 [$EUR]`, `_-* #,##0 "£"_-`.
    /// Only the format's first section counts; `[$-409]` (a locale alone)
    /// names none.
    pub fn in_number_format(code: &str) -> Option<Currency> {
        let first = code.split(';').next().unwrap_or("");
        let mut rest = first;
        while let Some(at) = rest.find("[$") {
            let inner = &rest[at + 2..];
            let end = inner.find(']')?;
            let named = inner[..end].split('-').next().unwrap_or("");
            if !named.is_empty() {
                return Currency::alone(named);
            }
            rest = &inner[end + 1..];
        }
        // Outside the brackets: a symbol, quoted ("€"), escaped (\€) or bare.
        let mut bare = String::with_capacity(first.len());
        let mut depth = 0;
        for c in first.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ if depth == 0 => bare.push(c),
                _ => {}
            }
        }
        bare.chars().find_map(|c| {
            SYMBOLS
                .iter()
                .find(|(s, _)| *s == c)
                .and_then(|(_, code)| Currency::known(code))
        })
    }

    /// A text that is nothing but a symbol or a code: `$`, `EUR`.
    fn alone(text: &str) -> Option<Currency> {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => SYMBOLS
                .iter()
                .find(|(s, _)| *s == c)
                .and_then(|(_, code)| Currency::known(code)),
            _ if text.len() == 3 && text.chars().all(|c| c.is_ascii_uppercase()) => {
                Currency::known(text)
            }
            _ => None,
        }
    }
}

fn clean(text: &str) -> String {
    text.trim()
        .trim_end_matches([',', '-', ':'])
        .trim()
        .to_string()
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a money metric's amounts are written: in its currency (when the
/// rules or the inputs say one) and at one precision for all its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Money {
    pub currency: Option<Currency>,
    /// Cents (two decimals) or whole amounts for every value of the metric;
    /// `None` when nothing decided it: then each amount under 1,000 with a
    /// fraction shows cents.
    pub cents: Option<bool>,
}

impl Money {
    /// The precision for a metric whose values are `values`: cents when
    /// every amount is under 1,000 and one of them has a fraction (ARPU
    /// 82.50), else whole amounts (CAC 4,045).
    pub fn cents_for(values: impl IntoIterator<Item = f64>) -> bool {
        let mut precision = Precision::default();
        values.into_iter().for_each(|v| precision.see(v));
        precision.cents()
    }
}

/// [`Money::cents_for`] worked out one value at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Precision {
    large: bool,
    fraction: bool,
}

impl Precision {
    pub fn see(&mut self, value: f64) {
        self.large |= value.abs() >= 1000.0;
        self.fraction |= (value * 100.0).round() % 100.0 != 0.0;
    }

    pub fn cents(&self) -> bool {
        !self.large && self.fraction
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: Option<Currency>) -> Option<String> {
        c.map(|c| c.code().to_string())
    }

    #[test]
    fn headers_and_cells_name_their_currency() {
        let header = |h: &str| Currency::in_header(h).map(|(rest, c)| (rest, c.code().to_string()));
        assert_eq!(header("CAC ($)"), Some(("CAC".into(), "USD".into())));
        assert_eq!(header("ARPU (EUR)"), Some(("ARPU".into(), "EUR".into())));
        assert_eq!(header("ARPU in GBP"), Some(("ARPU".into(), "GBP".into())));
        assert_eq!(header("Spend, €"), Some(("Spend".into(), "EUR".into())));
        assert_eq!(
            header("Pipeline [CHF]"),
            Some(("Pipeline".into(), "CHF".into()))
        );
        assert_eq!(header("Support Resolution (h)"), None);
        assert_eq!(header("NPS"), None);
        assert_eq!(header("Win rate (%)"), None);
        assert_eq!(code(Currency::in_text("$4,045")), Some("USD".into()));
        assert_eq!(code(Currency::in_text("82,50 €")), Some("EUR".into()));
        assert_eq!(code(Currency::in_text("4045 GBP")), Some("GBP".into()));
        assert_eq!(code(Currency::in_text("4,045")), None);
        assert_eq!(code(Currency::in_text("n/a")), None);
    }

    #[test]
    fn number_formats_show_their_currency() {
        let f = |s: &str| code(Currency::in_number_format(s));
        assert_eq!(f("\"$\"#,##0"), Some("USD".into()));
        assert_eq!(
            f("\\$#,##0.00_);[Red]\\(\\$#,##0.00\\)"),
            Some("USD".into())
        );
        assert_eq!(f("[$€-407] #,##0.00"), Some("EUR".into()));
        assert_eq!(f("#,##0 [$EUR]"), Some("EUR".into()));
        assert_eq!(
            f("_-* #,##0.00 \"£\"_-;-* #,##0.00 \"£\"_-"),
            Some("GBP".into())
        );
        assert_eq!(f("[$-409]mmmm d, yyyy"), None);
        assert_eq!(f("#,##0.00"), None);
        assert_eq!(f("0.0%"), None);
        assert_eq!(f("General"), None);
    }

    #[test]
    fn an_unknown_code_says_which_it_may_be() {
        assert_eq!(Currency::parse_code("eur").unwrap().code(), "EUR");
        assert_eq!(
            Currency::parse_code("XYZ").unwrap_err(),
            "\"XYZ\" is not a currency code linecard knows; write a three-letter ISO 4217 code such as \"USD\", \"EUR\" or \"GBP\""
        );
        assert_eq!(
            Currency::parse_code("ERU").unwrap_err(),
            "\"ERU\" is not a currency code linecard knows (did you mean \"EUR\"?); write a three-letter ISO 4217 code such as \"USD\", \"EUR\" or \"GBP\""
        );
        assert_eq!(Currency::known("CHF").unwrap().prefix(), "CHF ");
        assert_eq!(Currency::known("GBP").unwrap().prefix(), "£");
    }

    #[test]
    fn one_precision_per_metric() {
        assert!(Money::cents_for([82.5, 80.0, 423.05]));
        assert!(!Money::cents_for([4045.0, 3900.0]));
        assert!(!Money::cents_for([998.5, 1004.25]));
        assert!(!Money::cents_for([80.0, 90.0]));
    }
}
