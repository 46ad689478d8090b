//! Reading typed fields out of a YAML `Node` tree: Chinese aliases, type checks, did-you-mean, and errors with field paths.

use super::date::Date;
use super::yaml::{Key, Node, Value};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::Path;

/// A field that a place in the data knows: its English key and its Chinese aliases.
pub struct FieldSpec {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
}

impl FieldSpec {
    /// True when `name` is this field's key or one of its aliases.
    pub fn is_named(&self, name: &str) -> bool {
        self.key == name || self.aliases.contains(&name)
    }
}

/// Shorthand for a `FieldSpec` table entry.
pub const fn field(key: &'static str, aliases: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, aliases }
}

/// Keys a place does not know, kept for user templates as `extra.KEY`.
pub type Extra = BTreeMap<String, Json>;

/// The entries of one YAML mapping, resolved against the fields its place knows.
pub struct Object<'n> {
    pub path: String,
    pub position: Position,
    found: Vec<(&'static str, &'n Key, &'n Node)>,
    pub extra: Extra,
}

impl<'n> Object<'n> {
    fn get(&self, key: &str) -> Option<(&'n Key, &'n Node)> {
        self.found
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, key, node)| (*key, *node))
            .filter(|(_, node)| node.value != Value::Null)
    }

    /// The node of a field, if present and not empty.
    pub fn node(&self, key: &str) -> Option<&'n Node> {
        self.get(key).map(|(_, n)| n)
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The field path of a child, e.g. `indicators[2]` + `value` → `indicators[2].value`.
    pub fn child_path(&self, key: &str) -> String {
        join_path(&self.path, key)
    }
}

pub fn join_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Reads fields and collects every problem found, so one run reports all of a file's errors.
pub struct Reader<'a> {
    pub file: &'a Path,
    pub source: &'a str,
    pub diagnostics: Diagnostics,
    /// Keys not known at their place and not close to a known one (listed by `gongwen check`).
    pub unknown_keys: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a Path, source: &'a str) -> Self {
        Reader {
            file,
            source,
            diagnostics: Diagnostics::default(),
            unknown_keys: Vec::new(),
        }
    }

    /// Record an error at `position` on field `path`.
    pub fn error(
        &mut self,
        position: Position,
        path: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let d = Diagnostic::error(self.file, message);
        self.record(d, position, path, hint);
    }

    /// Record an error on field `key` of `obj`, at its value (at the group where it is missing).
    pub fn field_error(
        &mut self,
        obj: &Object,
        key: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let position = obj.node(key).map_or(obj.position, |n| n.position);
        self.error(position, &obj.child_path(key), message, Some(hint.into()));
    }

    /// Record a warning: printed, but the document still renders.
    pub fn warning(
        &mut self,
        position: Position,
        path: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let d = Diagnostic::warning(self.file, message);
        self.record(d, position, path, hint);
    }

    fn record(
        &mut self,
        diagnostic: Diagnostic,
        position: Position,
        path: &str,
        hint: Option<String>,
    ) {
        let mut d = diagnostic
            .at(Some(position))
            .field(path)
            .with_source(self.source);
        d.hint = hint;
        self.diagnostics.push(d);
    }

    /// Resolve a mapping against `specs`: aliases become keys, a field given twice (as key and
    /// alias) is an error, a near-miss of a known key is an error with a did-you-mean, and other
    /// unknown keys are kept in `extra`.
    pub fn object<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        what: &str,
        specs: &[FieldSpec],
    ) -> Option<Object<'n>> {
        let Value::Map(entries) = &node.value else {
            self.error(
                node.position,
                path,
                format!(
                    "expected {what} (a group of `key: value` lines), found {}",
                    node.value.describe()
                ),
                Some("write each field on its own line, indented under this one".into()),
            );
            return None;
        };
        let mut object = Object {
            path: path.to_string(),
            position: node.position,
            found: Vec::new(),
            extra: Extra::new(),
        };
        for (key, value) in entries {
            let name = key.name.trim();
            match specs.iter().find(|s| s.key == name || s.aliases.contains(&name)) {
                Some(spec) => {
                    if let Some((_, earlier, _)) = object.found.iter().find(|(k, _, _)| *k == spec.key) {
                        let line = earlier.position.line;
                        let earlier_name = earlier.name.clone();
                        self.error(
                            key.position,
                            &join_path(path, spec.key),
                            format!("`{name}` gives the same field as `{earlier_name}` on line {line}"),
                            Some(format!("keep only one of `{}` and its Chinese alias `{}`", spec.key, spec.aliases.join("`/`"))),
                        );
                    } else {
                        object.found.push((spec.key, key, value));
                    }
                }
                None => match closest_key(name, specs) {
                    Some(suggestion) => self.error(
                        key.position,
                        &join_path(path, name),
                        format!("unknown field `{name}` in {what}"),
                        Some(format!("did you mean `{suggestion}`? (a field of your own for a custom template goes under `extra:`)")),
                    ),
                    None if name == "extra" => {
                        if let Json::Object(map) = self.passed_through(value, &join_path(path, "extra")) {
                            object.extra.extend(map);
                        } else {
                            self.error(value.position, &join_path(path, "extra"), "`extra` must be a group of `key: value` lines", None);
                        }
                    }
                    None => {
                        let known: Vec<&str> = specs.iter().map(|s| s.key).collect();
                        self.unknown_keys.push(
                            Diagnostic::warning(self.file, format!("field `{name}` is not used by the built-in template of {what}; templates can read it as `extra.{name}`"))
                                .at(Some(key.position))
                                .field(join_path(path, name))
                                .hint(format!("known fields here: {}", known.join(", "))),
                        );
                        let value = self.passed_through(value, &join_path(path, name));
                        object.extra.insert(name.to_string(), value);
                    }
                },
            }
        }
        Some(object)
    }

    /// A text field; numbers are accepted and written as text.
    pub fn text(&mut self, obj: &Object, key: &str) -> Option<String> {
        let node = obj.node(key)?;
        self.text_of(node, &obj.child_path(key))
    }

    /// A required text field: missing or empty is an error.
    pub fn required_text(&mut self, obj: &Object, key: &str, what: &str, example: &str) -> String {
        if let Some(text) = self.text(obj, key).filter(|t| !t.trim().is_empty()) {
            return text;
        }
        let path = obj.child_path(key);
        match obj.found.iter().find(|(k, _, _)| *k == key) {
            Some((_, written, _)) => {
                let position = written.position;
                self.error(
                    position,
                    &path,
                    format!("{what} is empty"),
                    Some(format!("fill it in, e.g. `{key}: {example}`")),
                );
            }
            None => self.error(
                obj.position,
                &path,
                format!("missing {what} (`{key}`)"),
                Some(format!("add a line `{key}: {example}`")),
            ),
        }
        String::new()
    }

    pub fn text_of(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) if control_character(s).is_some() => {
                self.control_character_error(node, path, s);
                None
            }
            Value::Str(s) => Some(s.trim_end().to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(x) => Some(format_number(*x)),
            Value::Bool(b) => Some(if *b { "是".into() } else { "否".into() }),
            Value::Null => None,
            other => {
                self.error(node.position, path, format!("expected text, found {}", other.describe()), Some("write the text on the same line after the colon, or as `|` followed by indented lines".into()));
                None
            }
        }
    }

    /// `node` as plain JSON for templates, with an error for each text in it that holds a
    /// control character.
    fn passed_through(&mut self, node: &Node, path: &str) -> Json {
        match &node.value {
            Value::Str(s) if control_character(s).is_some() => {
                self.control_character_error(node, path, s);
                Json::Null
            }
            Value::Seq(items) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.passed_through(item, &format!("{path}[{i}]")))
                    .collect(),
            ),
            Value::Map(entries) => Json::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.name.clone(),
                            self.passed_through(v, &join_path(path, &k.name)),
                        )
                    })
                    .collect(),
            ),
            _ => to_json(node),
        }
    }

    fn control_character_error(&mut self, node: &Node, path: &str, text: &str) {
        let c = control_character(text).unwrap_or('\0');
        self.error(
            node.position,
            path,
            format!(
                "the text holds the {} U+{:04X}, which no document can show",
                if c.is_control() { "control character" } else { "noncharacter" },
                c as u32
            ),
            Some("delete it: it comes from copying out of another program, or from an escape such as `\\0` in quotes".into()),
        );
    }

    /// A yes/no field: true/false (是/否 too); anything else is an error.
    pub fn flag(&mut self, obj: &Object, key: &str) -> Option<bool> {
        let node = obj.node(key)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if matches!(s.trim(), "是" | "有" | "yes") => Some(true),
            Value::Str(s) if matches!(s.trim(), "否" | "无" | "no") => Some(false),
            Value::Null => None,
            other => {
                let path = obj.child_path(key);
                self.error(
                    node.position,
                    &path,
                    format!("expected true or false, found {}", other.describe()),
                    Some(format!("write `{key}: true` or `{key}: false` (是/否)")),
                );
                None
            }
        }
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn text_list(&mut self, obj: &Object, key: &str) -> Vec<String> {
        let Some(node) = obj.node(key) else {
            return Vec::new();
        };
        let path = obj.child_path(key);
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.text_of(item, &format!("{path}[{i}]")))
                .collect(),
            _ => self.text_of(node, &path).into_iter().collect(),
        }
    }

    /// A number field. Quoted plain numbers are accepted; text with units is an error, and so
    /// is a number that would not print as written (see [`printable_number`]).
    pub fn number(&mut self, obj: &Object, key: &str) -> Option<f64> {
        let node = obj.node(key)?;
        let path = obj.child_path(key);
        let x = self.number_of(node, key, &path)?;
        match printable_number(x) {
            Ok(x) => Some(x),
            Err((message, hint)) => {
                self.error(node.position, &path, message, Some(hint));
                None
            }
        }
    }

    fn number_of(&mut self, node: &Node, key: &str, path: &str) -> Option<f64> {
        let path = path.to_string();
        match &node.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(x) if x.is_finite() => Some(*x),
            Value::Float(x) => {
                self.error(
                    node.position,
                    &path,
                    format!("`{x}` is not a number gongwen can print"),
                    Some(format!("write a number, e.g. `{key}: 12.5`")),
                );
                None
            }
            Value::Str(s) => match s.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    let digits: String = s
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '-')
                        .collect();
                    let hint = if s.contains(',') {
                        "write the number without thousands separators, e.g. `1234567`".to_string()
                    } else if !digits.is_empty() {
                        let unit = s[digits.len()..].trim();
                        format!(
                            "write the number alone and its unit in `unit`, e.g. `{key}: {digits}` and `unit: {unit}`"
                        )
                    } else {
                        format!("write a number, e.g. `{key}: 12.5`")
                    };
                    self.error(
                        node.position,
                        &path,
                        format!("expected a number, found {}", node.value.describe()),
                        Some(hint),
                    );
                    None
                }
            },
            other => {
                self.error(
                    node.position,
                    &path,
                    format!("expected a number, found {}", other.describe()),
                    Some(format!("write a number, e.g. `{key}: 12.5`")),
                );
                None
            }
        }
    }

    /// A calendar date written 2022-07-12 (also 2022/7/12 or 2022年7月12日); impossible dates are errors.
    pub fn date(&mut self, obj: &Object, key: &str) -> Option<Date> {
        let node = obj.node(key)?;
        let path = obj.child_path(key);
        let text = match &node.value {
            Value::Str(s) => s.trim().to_string(),
            other => {
                self.error(
                    node.position,
                    &path,
                    format!(
                        "expected a date such as 2022-07-12, found {}",
                        other.describe()
                    ),
                    None,
                );
                return None;
            }
        };
        match Date::parse(&text) {
            Ok(date) => Some(date),
            Err(problem) => {
                self.error(
                    node.position,
                    &path,
                    format!("`{text}` is not a valid date: {problem}"),
                    Some("write the date as YYYY-MM-DD, e.g. `2022-07-12`".into()),
                );
                None
            }
        }
    }

    /// A list of objects, each read by `read_item` with its own path `key[i]`.
    pub fn list<T>(
        &mut self,
        obj: &Object,
        key: &str,
        mut read_item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = obj.node(key) else {
            return Vec::new();
        };
        let path = obj.child_path(key);
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| read_item(self, item, &format!("{path}[{i}]")))
                .collect(),
            other => {
                self.error(
                    node.position,
                    &path,
                    format!(
                        "expected a list (lines starting with `- `), found {}",
                        other.describe()
                    ),
                    Some(format!(
                        "write each entry of `{key}` on its own line starting with `- `"
                    )),
                );
                Vec::new()
            }
        }
    }
}

/// The known key or alias closest to a misspelt `name`, if any is close enough.
pub fn closest_key(name: &str, specs: &[FieldSpec]) -> Option<String> {
    let candidates = specs.iter().flat_map(|s| {
        std::iter::once(s.key)
            .chain(s.aliases.iter().copied())
            .map(move |c| (c, s.key))
    });
    let mut best: Option<(f64, String)> = None;
    for (candidate, key) in candidates {
        if let Some(score) = crate::suggest::similarity(name, candidate) {
            let label = if candidate == key {
                key.to_string()
            } else {
                format!("{candidate}` (= `{key}")
            };
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, label));
            }
        }
    }
    best.map(|(_, label)| label)
}

/// The first control character of `text` but a line break or tab, or noncharacter (U+FFFE,
/// U+FFFF, U+FDD0–U+FDEF …): a document cannot show it, the Markdown gongwen writes cannot
/// hold NUL, and a DOCX drops U+FFFF where the PDF shows U+FFFD.
pub fn control_character(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            || (0xFDD0..=0xFDEF).contains(&(c as u32))
            || (c as u32) & 0xFFFE == 0xFFFE
    })
}

/// Plain JSON for data passed through unchanged to templates.
pub fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(x) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The largest magnitude a number field takes: every figure below 10^15 (千万亿) prints exactly,
/// digit for digit; a bureau's largest, in 元, is far below it.
pub const MAX_NUMBER: f64 = 1e15;

/// The most decimal places a figure prints with.
pub const MAX_DECIMALS: usize = 6;

/// `x` if it prints as written: below [`MAX_NUMBER`] and with at most [`MAX_DECIMALS`]
/// decimals; else the error's message and hint. A larger number would print rounded (the data
/// holds numbers as 64-bit floats, exact to 15 digits), and growth against it could overflow.
pub fn printable_number(x: f64) -> Result<f64, (String, String)> {
    if !x.is_finite() || x.abs() >= MAX_NUMBER {
        return Err((
            format!("the number {x:e} is too large to print exactly"),
            "gongwen takes numbers below 1000000000000000 (10^15); give large amounts in a larger unit (万元, 亿元)".into(),
        ));
    }
    // The shortest form that reads back as `x`: what the user wrote, up to 15 digits.
    let written = x.to_string();
    let decimals = written.split_once('.').map_or(0, |(_, f)| f.len());
    let significant = written
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|d| *d == '0')
        .count();
    if significant > 15 {
        return Err((
            format!("the number {written} has more than 15 digits, more than prints exactly"),
            "give it with at most 15 digits, in a larger unit if need be (万元, 亿元)".into(),
        ));
    }
    if decimals > MAX_DECIMALS {
        return Err((
            format!(
                "the number {} has more than {MAX_DECIMALS} decimal places",
                if x.abs() < 1e-6 {
                    format!("{x:e}")
                } else {
                    written
                }
            ),
            format!(
                "round it to at most {MAX_DECIMALS} decimal places, or give it in a smaller unit"
            ),
        ));
    }
    Ok(x)
}

/// A number as people write it: no trailing zeros, no exponent.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    // The shortest form that reads back as `x` where it has up to 6 decimals (99999999999999.9,
    // not the …90625 that 6 fixed decimals show); a computed figure rounded to 6.
    let shortest = x.to_string();
    if shortest.split_once('.').is_some_and(|(_, f)| f.len() <= 6) {
        return shortest;
    }
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[FieldSpec] = &[
        field("indicators", &["指标"]),
        field("value", &["数值"]),
        field("previous", &["上年同期"]),
    ];

    #[test]
    fn suggests_close_keys() {
        assert_eq!(
            closest_key("indicatros", SPECS).as_deref(),
            Some("indicators")
        );
        assert_eq!(closest_key("Value", SPECS).as_deref(), Some("value"));
        assert_eq!(
            closest_key("指表", SPECS).as_deref(),
            Some("指标` (= `indicators")
        );
        assert_eq!(closest_key("prevous", SPECS).as_deref(), Some("previous"));
        assert_eq!(closest_key("source", SPECS), None);
        assert_eq!(closest_key("来源", SPECS), None);
    }

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(format_number(42.0), "42");
        assert_eq!(format_number(2.36), "2.36");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
    }
}
