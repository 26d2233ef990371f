//! A strict reading of an xlsx workbook's cell values, before calamine reads
//! them. calamine is lenient where a damaged file needs strictness: it reads
//! a number cell's `<v>` only up to its first entity, element or stray
//! character (`<v>0&bogus;.88</v>` is 0, `<v>29<x/>.2</v>` is 29), and a
//! shared-string index that is not a number as string 0. Read anyway, such
//! a sheet would give wrong numbers with no error. Each sheet linecard reads
//! is walked here first with quick-xml, the parser calamine itself uses; a
//! value cell whose XML is not well-formed or whose text is not a whole
//! value of its type is refused, naming the sheet and cell.
//!
//! The same pass finds the workbook's parts: a zip with no workbook part
//! (`xl/workbook.xml`) is damaged, not a workbook without sheets.

use super::grid::push_column_letters;
use super::{IngestError, InputFile};
use crate::model::xml_text;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

/// The workbook's zip, and where each worksheet's XML is in it, by sheet
/// name.
pub struct SheetParts<'a> {
    zip: Zip<'a>,
    parts: HashMap<String, String>,
}

/// What is wrong, and at which cell when one is known (`D7`).
#[derive(Debug, PartialEq)]
struct Damage {
    cell: Option<String>,
    what: String,
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

impl<'a> SheetParts<'a> {
    /// Finds the workbook part and the worksheets its relationships name.
    /// The zip directory has been checked against the size limit already.
    pub fn read(file: &'a InputFile) -> Result<SheetParts<'a>, IngestError> {
        let damaged = |what: String| damaged(file, None, what);
        let mut zip = zip::ZipArchive::new(Cursor::new(file.bytes.as_ref()))
            .map_err(|e| damaged(format!("the zip container is damaged: {e}")))?;
        let workbook = workbook_part(&mut zip).map_err(damaged)?;
        let Some(workbook) = workbook else {
            return Err(damaged(
                "it has no workbook part (xl/workbook.xml), so no sheet can be found".into(),
            ));
        };
        let (folder, name) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
        let folder = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let targets = match part(&mut zip, &format!("{folder}_rels/{name}.rels")) {
            Some(xml) => relationships(xml.map_err(&damaged)?).map_err(&damaged)?,
            None => HashMap::new(),
        };
        let xml = part(&mut zip, &workbook)
            .expect("the workbook part was found in the zip")
            .map_err(&damaged)?;
        let mut parts = HashMap::new();
        for (sheet, id) in sheets(xml).map_err(&damaged)? {
            if let Some(target) = targets.get(&id) {
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("{folder}{target}"),
                };
                parts.insert(sheet, path);
            }
        }
        Ok(SheetParts { zip, parts })
    }

    /// Refuses the sheet if any of its value cells is damaged. A sheet whose
    /// part cannot be found is left to calamine, which says so.
    pub fn check(&mut self, file: &InputFile, sheet: &str) -> Result<(), IngestError> {
        let Some(path) = self.parts.get(sheet) else {
            return Ok(());
        };
        let Some(xml) = part(&mut self.zip, path) else {
            return Ok(());
        };
        let xml = xml.map_err(|what| damaged(file, None, what))?;
        check_cells(xml).map_err(|damage| {
            let place = damage.cell.map(|cell| format!("{sheet}!{cell}"));
            damaged(
                file,
                Some(place.unwrap_or_else(|| sheet.to_string())),
                damage.what,
            )
        })
    }
}

fn damaged(file: &InputFile, place: Option<String>, what: String) -> IngestError {
    IngestError::Damaged {
        path: file.display.clone(),
        place: place.map(|p| format!(" at {p}")).unwrap_or_default(),
        what,
    }
}

/// A part of the zip, inflated as it is read; `None` when there is none.
fn part<'z>(zip: &'z mut Zip<'_>, path: &str) -> Option<Result<BufReader<impl Read + 'z>, String>> {
    let index = zip.index_for_name(path)?;
    Some(
        zip.by_index(index)
            .map(BufReader::new)
            .map_err(|e| format!("its part {path} cannot be read: {e}")),
    )
}

/// The workbook part: the one [Content_Types].xml names as the main
/// document, else xl/workbook.xml; `None` when the zip has neither.
fn workbook_part(zip: &mut Zip<'_>) -> Result<Option<String>, String> {
    let mut named = None;
    if let Some(xml) = part(zip, "[Content_Types].xml") {
        each_start(xml?, |e| {
            let kind = attribute(e, "ContentType")?.unwrap_or_default();
            if e.local_name().as_ref() == "Override"
                && (kind.contains("sheet.main+xml") || kind.contains("sheet.macroEnabled.main+xml"))
            {
                named = attribute(e, "PartName")?;
            }
            Ok(())
        })?;
    }
    let path = named.map_or("xl/workbook.xml".to_string(), |p| {
        p.trim_start_matches('/').to_string()
    });
    Ok(zip.index_for_name(&path).map(|_| path))
}

/// The workbook's relationships: target by id.
fn relationships(xml: impl BufRead) -> Result<HashMap<String, String>, String> {
    let mut targets = HashMap::new();
    each_start(xml, |e| {
        if e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attribute(e, "Id")?, attribute(e, "Target")?)
        {
            targets.insert(id, target);
        }
        Ok(())
    })?;
    Ok(targets)
}

/// The workbook's sheets: name and relationship id, in order.
fn sheets(xml: impl BufRead) -> Result<Vec<(String, String)>, String> {
    let mut sheets = Vec::new();
    each_start(xml, |e| {
        if e.local_name().as_ref() == "sheet" {
            let id = e
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == "id");
            if let (Some(name), Some(id)) = (attribute(e, "name")?, id) {
                let id = id
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|e| e.to_string())?;
                sheets.push((name, id.into_owned()));
            }
        }
        Ok(())
    })?;
    Ok(sheets)
}

/// Calls `f` on every start (or empty) element of a small part.
fn each_start(
    xml: impl BufRead,
    mut f: impl FnMut(&BytesStart) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?
        {
            Event::Start(e) | Event::Empty(e) => f(&e)?,
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An attribute's value, unescaped.
fn attribute(e: &BytesStart, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name).map_err(|e| e.to_string())? {
        Some(a) => Ok(Some(
            a.normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?
                .into_owned(),
        )),
        None => Ok(None),
    }
}

/// Where the walk is: the row and column of the cell being read (1-based
/// row, 0-based column, as calamine counts a cell without `r`). The cell's
/// name is made only for a damaged cell: the walk allocates nothing per
/// cell.
#[derive(Default)]
struct Position {
    row: u64,
    column: Option<u64>,
}

impl Position {
    fn start_row(&mut self, e: &BytesStart) {
        let given = e.try_get_attribute("r").ok().flatten();
        self.row = given
            .and_then(|r| r.value.parse().ok())
            .unwrap_or(self.row + 1);
        self.column = None;
    }

    fn start_cell(&mut self, e: &BytesStart) {
        let next = self.column.map_or(0, |c| c + 1);
        let given = e.try_get_attribute("r").ok().flatten();
        let (column, row) = given.map_or((None, None), |r| reference(&r.value));
        self.column = Some(column.unwrap_or(next));
        if let Some(row) = row {
            self.row = row;
        }
    }

    fn damage(&self, what: impl Into<String>) -> Damage {
        let mut cell = String::new();
        push_column_letters(self.column.unwrap_or(0) as usize, &mut cell);
        cell.push_str(&self.row.max(1).to_string());
        Damage {
            cell: Some(cell),
            what: what.into(),
        }
    }

    /// The next event, damage when the XML is not well-formed.
    fn next<'b, R: BufRead>(
        &self,
        reader: &mut Reader<R>,
        buf: &'b mut Vec<u8>,
    ) -> Result<Event<'b>, Damage> {
        buf.clear();
        reader
            .read_event_into(buf)
            .map_err(|e| self.damage(format!("the sheet's XML is not well-formed ({e})")))
    }
}

/// The 0-based column and the row of a reference such as `AB12`.
fn reference(reference: &str) -> (Option<u64>, Option<u64>) {
    let letters = reference.bytes().take_while(u8::is_ascii_uppercase).count();
    let column = reference.as_bytes()[..letters]
        .iter()
        .try_fold(0u64, |n, b| {
            n.checked_mul(26)?.checked_add(u64::from(b - b'A') + 1)
        });
    let column = column.filter(|_| letters > 0).map(|c| c - 1);
    (column, reference[letters..].parse().ok())
}

/// What a cell's `t` says its value is.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Number,
    SharedText,
    Bool,
    /// Inline and formula text, dates and errors: text calamine unescapes.
    Text,
}

impl Kind {
    fn of(e: &BytesStart) -> Kind {
        match e.try_get_attribute("t").ok().flatten() {
            None => Kind::Number,
            Some(t) => match t.value.as_ref() {
                "n" => Kind::Number,
                "s" => Kind::SharedText,
                "b" => Kind::Bool,
                _ => Kind::Text,
            },
        }
    }
}

/// Walks a sheet's XML; the first damaged value cell stops it.
fn check_cells(xml: impl BufRead) -> Result<(), Damage> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut at = Position::default();
    let mut kind = Kind::Number;
    loop {
        match at.next(&mut reader, &mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                at.start_row(&e);
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                at.start_cell(&e);
                kind = Kind::of(&e);
            }
            Event::Start(e) if e.local_name().as_ref() == "v" => {
                value_text(&mut reader, &mut buf, &mut text, &at, kind != Kind::Text)?;
                check_value(kind, &text).map_err(|what| at.damage(what))?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The text of a `<v>` element up to its end. An element or a character
/// XML forbids is damage, and so is an entity in a `plain` value (a
/// number, a shared-text index, true or false): Excel and LibreOffice write
/// those as plain text only, and calamine would stop at the entity.
fn value_text<R: BufRead>(
    reader: &mut Reader<R>,
    buf: &mut Vec<u8>,
    text: &mut String,
    at: &Position,
    plain: bool,
) -> Result<(), Damage> {
    text.clear();
    loop {
        match at.next(reader, buf)? {
            Event::Text(t) => text.push_str(&t),
            Event::GeneralRef(r) if !plain => {
                text.push('&');
                text.push_str(&r);
                text.push(';');
            }
            Event::GeneralRef(r) => {
                text.push('&');
                text.push_str(&r);
                text.push(';');
                return Err(at.damage(format!(
                    "the value \"{text}…\" holds an entity where a plain value belongs"
                )));
            }
            Event::End(_) => break,
            Event::Eof => return Err(at.damage("the sheet's XML ends inside a value")),
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                return Err(at.damage(format!(
                    "the value \"{text}…\" holds an element <{name}> where a plain value belongs"
                )));
            }
            _ => {}
        }
    }
    if let Some(c) = text.chars().find(|&c| xml_text::forbidden(c)) {
        return Err(at.damage(format!(
            "the value \"{text}\" holds the character U+{:04X}, which XML forbids",
            u32::from(c)
        )));
    }
    Ok(())
}

/// Whether a value's text is a whole value of the cell's type (`t`).
fn check_value(kind: Kind, text: &str) -> Result<(), String> {
    match kind {
        Kind::Number if !text.is_empty() => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(()),
            _ => Err(format!(
                "the number cell's value \"{text}\" is not a number"
            )),
        },
        Kind::SharedText => match text.parse::<usize>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!(
                "the text cell's value \"{text}\" is not the number of a shared text"
            )),
        },
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>"#
        )
    }

    fn check(cells: &str) -> Result<(), Damage> {
        check_cells(sheet(cells).as_bytes())
    }

    fn at(cell: &str, what: &str) -> Result<(), Damage> {
        Err(Damage {
            cell: Some(cell.into()),
            what: what.into(),
        })
    }

    #[test]
    fn plain_values_pass() {
        let cells = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>0.88</v></c><c r="C1" t="n"><v>-1.5E-3</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="str"><f>A1</f><v>a &amp; b</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1"/><c r="H1" t="inlineStr"><is><t>x</t></is></c></row>"#;
        assert_eq!(check(cells), Ok(()));
    }

    #[test]
    fn an_entity_inside_a_number_is_damage() {
        let cells = r#"<row r="7"><c r="D7"><v>0&bogus;.88</v></c></row>"#;
        assert_eq!(
            check(cells),
            at(
                "D7",
                "the value \"0&bogus;…\" holds an entity where a plain value belongs"
            )
        );
    }

    #[test]
    fn an_element_inside_a_number_is_damage() {
        let cells = r#"<row r="2"><c r="B2"><v>29<x/>.2</v></c></row>"#;
        assert_eq!(
            check(cells),
            at(
                "B2",
                "the value \"29…\" holds an element <x> where a plain value belongs"
            )
        );
    }

    #[test]
    fn a_nul_or_stray_text_in_a_number_is_damage() {
        let nul = "<row r=\"3\"><c r=\"C3\"><v>1\u{0}32</v></c></row>";
        assert_eq!(
            check(nul),
            at(
                "C3",
                "the value \"1\u{0}32\" holds the character U+0000, which XML forbids"
            )
        );
        let text = r#"<row r="3"><c r="C3" t="n"><v>12x</v></c></row>"#;
        assert_eq!(
            check(text),
            at("C3", "the number cell's value \"12x\" is not a number")
        );
        let index = r#"<row r="4"><c r="A4" t="s"><v>1x</v></c></row>"#;
        assert_eq!(
            check(index),
            at(
                "A4",
                "the text cell's value \"1x\" is not the number of a shared text"
            )
        );
    }

    #[test]
    fn malformed_xml_names_the_cell_it_is_in() {
        let cells = r#"<row r="5"><c r="E5"><v>1</w></c></row>"#;
        let damage = check(cells).unwrap_err();
        assert_eq!(damage.cell.as_deref(), Some("E5"));
        assert!(
            damage
                .what
                .starts_with("the sheet's XML is not well-formed")
        );
    }

    #[test]
    fn cells_without_references_are_counted_as_calamine_counts_them() {
        let cells = r#"<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c><c><v>4&amp;</v></c></row>"#;
        assert_eq!(
            check(cells),
            at(
                "B2",
                "the value \"4&amp;…\" holds an entity where a plain value belongs"
            )
        );
        assert_eq!(reference("AB12"), (Some(27), Some(12)));
        assert_eq!(reference("12"), (None, Some(12)));
    }
}
