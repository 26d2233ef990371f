//! Every cell format the workbook uses, in one place: fonts, fills, status
//! colours and the Excel number format for each unit.

use crate::model::{Status, Unit};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

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

/// The Excel number format for values in `unit`.
pub fn number_format(unit: Unit) -> &'static str {
    match unit {
        Unit::Fraction => "0.0%",
        Unit::Score => "0.0",
        Unit::Money => "#,##0",
        Unit::Hours => "0.0\" h\"",
        Unit::Count => "#,##0",
        Unit::Ratio => "0.00\"x\"",
        Unit::Number => "General",
    }
}

/// The number format for a change of a value in `unit` (a change of a
/// fraction shows as percentage points, e.g. -0.8%).
pub fn change_format(unit: Unit) -> &'static str {
    match unit {
        Unit::Fraction => "+0.0%;-0.0%;0.0%",
        Unit::Score => "+0.0;-0.0;0.0",
        Unit::Money | Unit::Count => "+#,##0;-#,##0;0",
        Unit::Hours => "+0.0\" h\";-0.0\" h\";0.0\" h\"",
        Unit::Ratio => "+0.00\"x\";-0.00\"x\";0.00\"x\"",
        Unit::Number => "+General;-General;General",
    }
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

pub fn change(unit: Unit) -> Format {
    Format::new().set_num_format(change_format(unit))
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
    let (fill, text) = match status {
        Status::Green => (GREEN, GREEN_TEXT),
        Status::Amber => (AMBER, AMBER_TEXT),
        Status::Red => (RED, RED_TEXT),
        Status::NoData | Status::InsufficientSample | Status::Info => (GREY, MUTED),
    };
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(text))
        .set_align(FormatAlign::Center)
}
