//! Printed pages of a line sheet: fitted to the width of a landscape page,
//! with a page break before the history block and before any chart that
//! would otherwise run across the foot of a page. Breaks are planned for
//! the largest print scale a viewer may use (Excel's, whose columns are the
//! narrowest), so that a viewer that prints smaller, such as LibreOffice
//! with a substitute font, has room to spare rather than a chart cut in two.

use super::styles;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Rows between which nothing may be broken: a chart's top and bottom row.
pub type Block = (u32, u32);

/// The height of a row at the default font, in points.
const ROW_POINTS: f64 = 15.0;
/// Pixels per point at the 96 dpi that column widths and charts use.
const PX_PER_POINT: f64 = 96.0 / 72.0;
/// The printable area of the A4 landscape page `styles::print_setup`
/// sets, in points: the page less its left and right (0.4 in) and top and
/// bottom (0.5 in) margins.
const PRINT_WIDTH: f64 = 841.9 - 0.8 * 72.0;
const PRINT_HEIGHT: f64 = 595.3 - 72.0;
/// Room kept free at the foot of a page for rounding in the viewer.
const SLACK: f64 = 0.95;

/// A column's width in pixels as Excel draws it, from its width in
/// characters of the default font (7 pixels a digit plus 5 of padding).
pub fn column_px(width: f64) -> f64 {
    (width * 7.0).round() + 5.0
}

/// How many default-height rows one printed page holds when the sheet,
/// `sheet_px` wide, is scaled to the width of the page (never enlarged).
pub fn rows_per_page(sheet_px: f64) -> u32 {
    let scale = (PRINT_WIDTH * PX_PER_POINT / sheet_px).min(1.0);
    ((PRINT_HEIGHT / scale / ROW_POINTS) * SLACK)
        .floor()
        .max(1.0) as u32
}

/// The rows to break above: `start`, then the first row of each chart
/// block that would not end within one page of the last break. Where the
/// rows in between break on their own depends on the viewer's scale, so a
/// chart is never left to land after such a break: counted from a break
/// of ours, it fits on the shortest page any viewer prints.
pub fn breaks(start: u32, blocks: &[Block], per_page: u32) -> Vec<u32> {
    let mut breaks = vec![start];
    let mut top = start;
    for &(first, last) in blocks {
        if last >= top + per_page && first > top {
            breaks.push(first);
            top = first;
        }
    }
    breaks
}

/// The page setup of a line sheet whose visible columns are `widths`
/// (characters) wide and whose charts reach `charts_px` from the left:
/// landscape, fitted to the page width, broken above `start` and above
/// each chart block that would not fit on its page.
pub fn set_up(
    sheet: &mut Worksheet,
    widths: &[f64],
    charts_px: f64,
    start: u32,
    blocks: &[Block],
) -> Result<(), XlsxError> {
    styles::print_setup(sheet);
    let sheet_px = widths.iter().map(|w| column_px(*w)).sum::<f64>();
    let per_page = rows_per_page(sheet_px.max(charts_px));
    sheet.set_page_breaks(&breaks(start, blocks, per_page))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_sheet_is_scaled_down_and_holds_more_rows() {
        // 784.3 pt of page is 1045.7 px; a sheet that narrow prints at 100%:
        // 523.3 / 15 * 0.95 = 33.1 rows.
        assert_eq!(rows_per_page(1000.0), 33);
        // Twice as wide prints at 1045.7 / 2091.4 = 50%: twice the rows.
        assert_eq!(rows_per_page(2091.4), 66);
        assert_eq!(column_px(11.0), 82.0);
    }

    #[test]
    fn a_chart_that_would_not_end_within_a_page_of_the_last_break_starts_a_page() {
        // Pages of at least 50 rows from the break above row 30: a chart on
        // rows 40-54 fits; one on 56-70 too; one on 72-84 does not (80 is
        // 50 rows on), so a page starts at 72.
        assert_eq!(breaks(30, &[(40, 54), (56, 70), (72, 84)], 50), [30, 72]);
        // Below a table longer than a page, where the table breaks depends
        // on the viewer's scale: the chart starts a page of its own.
        assert_eq!(breaks(30, &[(90, 100), (102, 114)], 50), [30, 90]);
        // Nothing to keep together: only the break above the history.
        assert_eq!(breaks(30, &[], 50), [30]);
        // A chart taller than a page cannot be helped: no endless breaks.
        assert_eq!(breaks(30, &[(30, 100)], 50), [30]);
    }
}
