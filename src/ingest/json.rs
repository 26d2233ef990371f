//! JSON objects, as product-analytics tools export events: one object per
//! line (Amplitude, Mixpanel, Segment; `.jsonl`, `.ndjson`), objects one
//! after another, or one array of objects (`.json`). Every object is a row;
//! its fields are the columns (an object's fields in name order, the objects
//! in the order first seen), so the frame stage
//! reads the file exactly as it reads a CSV file with that header.
//!
//! Nested objects are flattened with dots (`event_properties.product`);
//! arrays are kept as their JSON text; `null` is an empty cell; numbers and
//! booleans are written as JSON writes them. An object holding only
//! `event` and `properties` (Mixpanel's export) has its properties lifted
//! to the top, as Mixpanel's own CSV export does: `time`, `distinct_id`,
//! `$insert_id` are columns. Each row remembers the line its object starts
//! on, so a place reads `events.jsonl, line 18, field "event_time"`.

use super::limits::{self, MAX_SHEET_CELLS, MAX_TABLE_COLUMNS};
use super::{Grid, IngestError, InputFile, TextColumn};
use foldhash::HashMap;
use polars::prelude::{StringChunked, StringChunkedBuilder};
use serde_json::{Map, Value};

pub fn read(file: &InputFile) -> Result<Grid, IngestError> {
    let bytes = file.bytes.as_ref();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut table = Table::default();
    let mut lines = LineCounter::default();
    let fail = |line: usize, message: String| IngestError::Json {
        path: file.display.clone(),
        line,
        message,
    };
    let mut at = skip_space(bytes, 0);
    let array = bytes.get(at) == Some(&b'[');
    if array {
        at = skip_space(bytes, at + 1);
    }
    loop {
        if at >= bytes.len() {
            if array {
                return Err(fail(
                    lines.line_at(bytes, at),
                    "the array opened on line 1 is never closed with \"]\"; the file may have been cut short".to_string(),
                ));
            }
            break;
        }
        if array && bytes[at] == b']' {
            let after = skip_space(bytes, at + 1);
            if after < bytes.len() {
                return Err(fail(
                    lines.line_at(bytes, after),
                    "text after the array's closing \"]\"; a .json file holds one array, or one object per line".to_string(),
                ));
            }
            break;
        }
        let line = lines.line_at(bytes, at);
        let mut stream = serde_json::Deserializer::from_slice(&bytes[at..]).into_iter::<Value>();
        let value = match stream.next() {
            Some(Ok(value)) => value,
            Some(Err(e)) if e.is_eof() => {
                return Err(fail(
                    line,
                    "the object that starts on this line is never closed; the file may have been cut short: export it again".to_string(),
                ));
            }
            Some(Err(e)) => {
                let (line, column) = lines.position(bytes, at, e.line(), e.column());
                return Err(fail(
                    line,
                    format!(
                        "not valid JSON at column {column}: {}",
                        without_position(&e.to_string())
                    ),
                ));
            }
            None => break,
        };
        at += stream.byte_offset();
        let Value::Object(object) = value else {
            return Err(fail(
                line,
                format!(
                    "expected a JSON object (an event, with its fields in {{ }}), got {}",
                    kind_of(&value)
                ),
            ));
        };
        table.push(object, line);
        if table.columns.len() > MAX_TABLE_COLUMNS {
            let place = format!("the object on line {line}");
            return Err(limits::too_many_columns(file, &place, table.columns.len()));
        }
        if table.cells() > MAX_SHEET_CELLS {
            return Err(limits::too_many_fields(file));
        }
        at = skip_space(bytes, at);
        if array {
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b']') | None => {}
                Some(_) => {
                    return Err(fail(
                        lines.line_at(bytes, at),
                        "expected \",\" or \"]\" after an object of the array".to_string(),
                    ));
                }
            }
        }
    }
    Ok(table.into_grid(file))
}

/// The rows read so far, column by column.
#[derive(Default)]
struct Table {
    /// Each column: its field name as the header cell, then a cell per row.
    columns: Vec<StringChunkedBuilder>,
    /// The cells each column holds, header included.
    filled: Vec<usize>,
    index: HashMap<String, usize>,
    /// The line each row's object starts on.
    lines: Vec<u32>,
}

impl Table {
    fn cells(&self) -> usize {
        self.lines.len().saturating_mul(self.columns.len())
    }

    fn push(&mut self, mut object: Map<String, Value>, line: usize) {
        let row = self.lines.len() + 1;
        self.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        if is_mixpanel(&object)
            && let Some(Value::Object(properties)) = object.remove("properties")
        {
            object.extend(properties);
        }
        self.fields(String::new(), object, row);
        for (c, filled) in self.filled.iter_mut().enumerate() {
            if *filled <= row {
                self.columns[c].append_null();
                *filled = row + 1;
            }
        }
    }

    /// Writes the fields of `object` into row `row`, their names after
    /// `prefix`.
    fn fields(&mut self, prefix: String, object: Map<String, Value>, row: usize) {
        for (key, value) in object {
            let name = match prefix.is_empty() {
                true => key,
                false => format!("{prefix}.{key}"),
            };
            match value {
                Value::Null => {}
                Value::Object(inner) => self.fields(name, inner, row),
                Value::String(text) => self.set(name, &text, row),
                Value::Bool(b) => self.set(name, if b { "true" } else { "false" }, row),
                Value::Number(n) => self.set(name, &n.to_string(), row),
                array @ Value::Array(_) => self.set(name, &array.to_string(), row),
            }
        }
    }

    fn set(&mut self, name: String, text: &str, row: usize) {
        let c = match self.index.get(&name) {
            Some(c) => *c,
            None => {
                let c = self.columns.len();
                let mut column = StringChunkedBuilder::new(name.as_str().into(), row + 1);
                column.append_value(&name);
                for _ in 1..row {
                    column.append_null();
                }
                self.columns.push(column);
                self.filled.push(row);
                self.index.insert(name, c);
                c
            }
        };
        // A field named twice in one object (a dotted name beside a nested
        // one that flattens to it) keeps its first value.
        if self.filled[c] == row {
            self.columns[c].append_value(text);
            self.filled[c] = row + 1;
        }
    }

    fn into_grid(self, file: &InputFile) -> Grid {
        let height = self.lines.len() + 1;
        let columns = self
            .columns
            .into_iter()
            .map(|c| {
                let text: StringChunked = c.finish();
                TextColumn::new(&text)
            })
            .collect();
        Grid::from_text_columns(file.display.clone(), height, columns).with_lines(self.lines)
    }
}

/// Mixpanel's export: `{"event": ..., "properties": {...}}` and nothing
/// else.
fn is_mixpanel(object: &Map<String, Value>) -> bool {
    object.len() == 2
        && object.contains_key("event")
        && matches!(object.get("properties"), Some(Value::Object(_)))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its ` at line 1 column 5` (the caller
/// names the place in the file).
fn without_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// Line numbers of byte offsets, counted forward as the reader moves on.
#[derive(Default)]
struct LineCounter {
    /// The offset counted up to, the newlines before it, and where the
    /// last of them is.
    upto: usize,
    newlines: usize,
    line_start: usize,
}

impl LineCounter {
    /// The 1-based line of offset `at` (never before an offset asked before).
    fn line_at(&mut self, bytes: &[u8], at: usize) -> usize {
        let at = at.min(bytes.len());
        if at > self.upto {
            for found in memchr::memchr_iter(b'\n', &bytes[self.upto..at]) {
                self.newlines += 1;
                self.line_start = self.upto + found + 1;
            }
            self.upto = at;
        }
        self.newlines + 1
    }

    /// The line and column in the file of a position serde_json gives
    /// (`line`, `column`, both 1-based) within the text starting at `from`.
    fn position(
        &mut self,
        bytes: &[u8],
        from: usize,
        line: usize,
        column: usize,
    ) -> (usize, usize) {
        let first = self.line_at(bytes, from);
        match line {
            0 | 1 => (first, from - self.line_start + column),
            _ => (first + line - 1, column),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::CellRef;

    fn grid(text: &str) -> Result<Grid, IngestError> {
        read(&InputFile {
            display: "events.jsonl".into(),
            bytes: text.as_bytes().to_vec().into(),
        })
    }

    fn rows(g: &Grid) -> Vec<Vec<String>> {
        (0..g.height())
            .map(|r| {
                g.row(r)
                    .map(|c| match c {
                        CellRef::Text(t) => t.to_string(),
                        other => other.shown().to_string(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn lines_become_rows_with_nested_fields_flattened() {
        let g = grid(concat!(
            "{\"event_type\":\"open\",\"user_id\":\"u1\",\"event_properties\":{\"product\":\"Atlas\",\"n\":3}}\n",
            "\n",
            "{\"event_type\":\"save\",\"device_id\":\"d9\",\"amplitude_id\":123456789012,\"user_id\":null,\"tags\":[1,2],\"ok\":true}\n",
        ))
        .unwrap();
        assert_eq!(
            rows(&g),
            vec![
                vec![
                    "event_properties.n",
                    "event_properties.product",
                    "event_type",
                    "user_id",
                    "amplitude_id",
                    "device_id",
                    "ok",
                    "tags"
                ],
                vec!["3", "Atlas", "open", "u1", "", "", "", ""],
                vec!["", "", "save", "", "123456789012", "d9", "true", "[1,2]"],
            ]
        );
        assert_eq!(
            g.cell_ref(2, 5),
            "events.jsonl, line 3, field \"device_id\""
        );
        assert_eq!(g.row_number(1), 1);
    }

    #[test]
    fn mixpanel_properties_are_lifted_and_arrays_read() {
        let lines = "{\"event\":\"Signed up\",\"properties\":{\"time\":1735689600,\"distinct_id\":\"u1\",\"$insert_id\":\"a\"}}";
        let array = format!("[\n {lines},\n {lines}\n]\n");
        for text in [lines.to_string(), array] {
            let g = grid(&text).unwrap();
            assert_eq!(
                rows(&g)[0],
                vec!["$insert_id", "distinct_id", "event", "time"]
            );
            assert_eq!(rows(&g)[1], vec!["a", "u1", "Signed up", "1735689600"]);
        }
    }

    #[test]
    fn bad_json_names_its_line_and_column() {
        let e = grid("{\"event\":\"a\"}\n{\"event\": \"b\",}\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "events.jsonl, line 2: not valid JSON at column 15: trailing comma"
        );
        let e = grid("{\"event\":\"a\"}\n[1]\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "events.jsonl, line 2: expected a JSON object (an event, with its fields in { }), got an array"
        );
        let e = grid("[{\"event\":\"a\"},\n{\"event\":\"b\"}").unwrap_err();
        assert!(
            e.to_string()
                .contains("line 2: the array opened on line 1 is never closed")
        );
    }
}
