//! Every cell format the workbook uses, in one place: fonts, fills, status
//! colours and the Excel number format for each unit.

use crate::model::{Money, Status, Unit};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};
use std::borrow::Cow;

pub const INK: u32 = 0x1F2937;
pub const MUTED: u32 = 0x6B7280;
pub const ACCENT: u32 = 0x1E3A8A;
pub const HEADER_FILL: u32 = 0xE5E7EB;
pub const GREEN: u32 = 0xC6EFCE;
pub const AMBER: u32 = 0xFFEB9C;
pub const RED: u32 = 0xFFC7CE;
pub const GREY: u32 = 0xEDEDED;
pub const GREEN_TEXT: u32 = 0x006100;
pub const AMBER_TEXT: u32 = 0x9C5700;
pub const RED_TEXT: u32 = 0x9C0006;

/// The Excel number format for values in `unit`: money in its currency at
/// its metric's precision (`"$"#,##0`, `"€"#,##0.00`).
pub fn number_format(unit: Unit) -> Cow<'static, str> {
    match unit {
        Unit::Fraction => "0.0%".into(),
        Unit::Score => "0.0".into(),
        Unit::Money(money) => money_format(money, money.cents == Some(true)).into(),
        Unit::Hours => "0.0\" h\"".into(),
        Unit::Count => "#,##0".into(),
        Unit::Ratio => "0.00\"x\"".into(),
        Unit::Number => "General".into(),
    }
}

/// `"$"#,##0`, `"€"#,##0.00`, `"CHF "#,##0`, or `#,##0` without a
/// currency: the amount as `crate::model::format` writes it.
fn money_format(money: Money, cents: bool) -> String {
    let number = if cents { "#,##0.00" } else { "#,##0" };
    match money.currency {
        Some(c) => format!("\"{}\"{number}", c.prefix()),
        None => number.to_string(),
    }
}

/// The number format of a canonical value on the Data sheet: the stored
/// number itself (fractions stay fractions), never in scientific notation
/// for the units linecard knows.
pub fn data_format(unit: Unit) -> Cow<'static, str> {
    let format = match unit {
        Unit::Fraction => "0.0###",
        Unit::Score | Unit::Hours => "0.0#",
        Unit::Money(money) => return money_format(money, true).into(),
        Unit::Count => "#,##0",
        Unit::Ratio => "0.00",
        Unit::Number => "General",
    };
    format.into()
}

/// The number format for a change of a value in `unit`. A change of a
/// fraction is written in percentage points (see [`change_value`]), e.g.
/// -0.8 pts, so it does not read as a relative change.
pub fn change_format(unit: Unit) -> Cow<'static, str> {
    let format = match unit {
        Unit::Money(money) => {
            let amount = money_format(money, money.cents == Some(true));
            return format!("+{amount};-{amount};{amount}").into();
        }
        Unit::Fraction => "+0.0\" pts\";-0.0\" pts\";0.0\" pts\"",
        Unit::Score => "+0.0;-0.0;0.0",
        Unit::Count => "+#,##0;-#,##0;0",
        Unit::Hours => "+0.0\" h\";-0.0\" h\";0.0\" h\"",
        Unit::Ratio => "+0.00\"x\";-0.00\"x\";0.00\"x\"",
        Unit::Number => "+General;-General;General",
    };
    format.into()
}

pub fn title() -> Format {
    Format::new()
        .set_bold()
        .set_font_size(16)
        .set_font_color(Color::RGB(ACCENT))
}

pub fn subtitle() -> Format {
    Format::new().set_font_color(Color::RGB(MUTED))
}

pub fn label() -> Format {
    Format::new().set_bold().set_font_color(Color::RGB(INK))
}

pub fn header() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

pub fn section() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(ACCENT))
}

pub fn score() -> Format {
    Format::new()
        .set_num_format("0.0")
        .set_align(FormatAlign::Right)
}

pub fn value(unit: Unit) -> Format {
    Format::new().set_num_format(number_format(unit))
}

pub fn centred() -> Format {
    Format::new().set_align(FormatAlign::Center)
}

pub fn wrap() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::RGB(MUTED))
}

pub fn link() -> Format {
    Format::new()
        .set_font_color(Color::RGB(ACCENT))
        .set_underline(rust_xlsxwriter::FormatUnderline::Single)
}

/// The fill and text colour of a status cell.
pub fn status(status: Status) -> Format {
    status_fill(status)
        .set_bold()
        .set_align(FormatAlign::Center)
}

pub const INPUT_FILL: u32 = 0xFFF8C5;

/// An editable input cell: light yellow with a thin border.
pub fn input(num_format: &str) -> Format {
    Format::new()
        .set_num_format(num_format)
        .set_background_color(Color::RGB(INPUT_FILL))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xD1D5DB))
}

/// The fill a status formula's result gets through conditional formatting.
pub fn status_fill(status: Status) -> Format {
    let (fill, text) = match status {
        Status::Green => (GREEN, GREEN_TEXT),
        Status::Amber => (AMBER, AMBER_TEXT),
        Status::Red => (RED, RED_TEXT),
        Status::NoData | Status::InsufficientSample | Status::Info | Status::Off => (GREY, MUTED),
    };
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(text))
}

/// A status cell whose fill comes from conditional formatting.
pub fn status_live() -> Format {
    Format::new().set_bold().set_align(FormatAlign::Center)
}

/// The number a change cell holds: percentage points for a fraction (85%
/// to 87% is 2), the difference itself otherwise.
pub fn change_value(change: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Fraction => change * 100.0,
        _ => change,
    }
}

/// A change cell: an arrow and the signed change, green when it is an
/// improvement, red when it is worse, grey when neutral.
pub fn change_with_arrow(unit: Unit, better: Option<bool>) -> Format {
    let format = change_format(unit);
    let [up, down, zero] = {
        let parts: Vec<&str> = format.split(';').collect();
        [parts[0], parts[1], parts[2]]
    };
    let color = match better {
        Some(true) => GREEN_TEXT,
        Some(false) => RED_TEXT,
        None => MUTED,
    };
    Format::new()
        .set_num_format(format!("\"▲ \"{up};\"▼ \"{down};\"► \"{zero}"))
        .set_font_color(Color::RGB(color))
        .set_align(FormatAlign::Right)
}

/// Landscape, one page wide, small margins, page numbers in the footer.
pub fn print_setup(sheet: &mut rust_xlsxwriter::Worksheet) {
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3)
        .set_footer("&L&8&A&R&8Page &P of &N");
}

/// A text beside a right-aligned number (the Data sheet's source beside
/// its sample size), set in by one step so the two do not run together.
pub fn beside_number() -> Format {
    Format::new().set_indent(1)
}

/// A trend as text (`▁▃▅▆█`): a monospaced font that has the block
/// characters (Consolas in Excel; LibreOffice substitutes DejaVu Sans Mono),
/// so each period takes the same width and a missing one leaves a gap.
pub fn text_trend() -> Format {
    Format::new()
        .set_font_name("Consolas")
        .set_font_color(Color::RGB(ACCENT))
        .set_align(FormatAlign::VerticalCenter)
}

/// The width of a column of text trends over `periods` periods.
pub fn text_trend_width(periods: usize) -> f64 {
    (periods as f64 * 1.4 + 2.0).clamp(9.0, 20.0)
}

pub fn header_right() -> Format {
    header().set_align(FormatAlign::Right)
}

/// A 0-100 attainment next to its traffic light.
pub fn attainment() -> Format {
    Format::new()
        .set_num_format("0")
        .set_align(FormatAlign::Right)
}

/// A score's coverage under it: small, muted, wrapped.
pub fn coverage() -> Format {
    Format::new()
        .set_font_size(9)
        .set_font_color(Color::RGB(MUTED))
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// A large score in a line sheet's header block.
pub fn big_score() -> Format {
    score()
        .set_bold()
        .set_font_size(14)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xD1D5DB))
}

/// Red at 0, yellow at 50, green at 100, for score cells.
pub fn score_scale() -> rust_xlsxwriter::ConditionalFormat3ColorScale {
    use rust_xlsxwriter::ConditionalFormatType::Number;
    rust_xlsxwriter::ConditionalFormat3ColorScale::new()
        .set_minimum(Number, 0)
        .set_midpoint(Number, 50)
        .set_maximum(Number, 100)
        .set_minimum_color(Color::RGB(0xF8696B))
        .set_midpoint_color(Color::RGB(0xFFEB84))
        .set_maximum_color(Color::RGB(0x63BE7B))
}

/// A plain text cell that must stay text (IDs, hashes, paths).
pub fn text() -> Format {
    Format::new().set_num_format("@")
}

/// A headline status count, coloured like its status.
pub fn count(status: Status) -> Format {
    status_fill(status)
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
}

/// The dot in the Ownership matrix.
pub fn owner_mark() -> Format {
    Format::new()
        .set_align(FormatAlign::Center)
        .set_font_color(Color::RGB(ACCENT))
        .set_bold()
}

/// Wrapped text in the ink colour.
pub fn wrap_ink() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

/// A hash or identifier in a fixed-width font.
pub fn mono() -> Format {
    Format::new()
        .set_font_name("Consolas")
        .set_font_size(9)
        .set_num_format("@")
}

/// Makes `row` tall enough for `text` wrapped in a column `width` characters
/// wide (spreadsheets do not grow rows for wrapped text they did not lay out
/// themselves).
pub fn fit_row(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    text: &str,
    width: f64,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let per_line = (width * 1.2).max(1.0) as usize;
    let lines: usize = text
        .split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum();
    if lines > 1 {
        sheet.set_row_height(row, 15 * lines as u32)?;
    }
    Ok(())
}

/// A column width that fits the longest of `texts`, at least `min` and at
/// most `max` characters.
pub fn fitted_width<'a>(texts: impl Iterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let longest = texts.map(|t| t.chars().count()).max().unwrap_or(0) as f64;
    (longest * 1.1 + 2.0).clamp(min, max)
}
