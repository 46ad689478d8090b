//! Parsing YAML text into a tree of `Node`s that remember their line and column, with hard limits on size, depth and anchors.

use super::fields::FieldSpec;
use super::items::{ItemStore, Keep};
use crate::diagnostic::{Diagnostic, Position};
use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned};
use std::cell::RefCell;
use std::fmt;
use std::path::Path;

/// Deepest nesting accepted. The deepest built-in kind needs 5 levels.
pub const MAX_DEPTH: usize = 32;
/// Most nodes (scalars, lists, maps) after anchors are expanded: a reply batch of 40,000
/// letters (its entries are kept outside the tree, see [`OutsideList`]).
pub const MAX_NODES: usize = 2_000_000;
/// Most parser events (a node is one or two).
pub const MAX_EVENTS: usize = 6_000_000;
/// The most text a data file's values may hold together.
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;
/// Most events that alias expansion may replay: stops "billion laughs" files at once.
pub const MAX_ALIAS_REPLAY: usize = 100_000;

/// A YAML value with the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub position: Position,
}

/// A YAML value. Maps keep their keys in file order, each with its own position.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub position: Position,
}

impl Value {
    /// A short description of the value's type, for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "nothing (an empty value)".into(),
            Value::Bool(b) => format!("the yes/no value `{b}`"),
            Value::Int(i) => format!("the number {i}"),
            Value::Float(x) => format!("the number {x}"),
            Value::Str(s) => {
                let short: String = s.chars().take(24).collect();
                let more = if s.chars().count() > 24 { "…" } else { "" };
                format!("the text \"{short}{more}\"")
            }
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a group of fields".into(),
        }
    }
}

/// A parsed data file: its tree, and the entries of the list kept outside it, if any.
#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    /// The entries of the [`OutsideList`]; in the tree, that list is empty.
    pub outside: Option<ItemStore>,
}

/// The top-level list that a parse keeps outside the tree: a reply batch's `proposals:`, whose
/// entries are each written to an [`ItemStore`] as soon as they are read, so that a batch of
/// 10,000 letters is never held whole. It applies once the `kind` field has named a kind that
/// `has_list` accepts; the first key naming the `list` field that follows holds the list.
#[derive(Clone)]
pub struct OutsideList {
    pub kind: &'static FieldSpec,
    pub has_list: fn(&str) -> bool,
    pub list: &'static FieldSpec,
    /// Where the entries go: a temporary file for a file's, memory for bytes in memory.
    pub keep: Keep,
}

/// The list and store of the parse running on this thread (the visitor cannot be handed them:
/// serde-saphyr's `Spanned` deserializes its value without a seed).
struct Outside {
    list: OutsideList,
    store: Option<ItemStore>,
    /// Set once the list has been read: a second key naming it stays in the tree, where the
    /// field reader reports it.
    taken: bool,
    /// Why the entries could not be kept, when they could not.
    failure: Option<std::io::Error>,
}

thread_local! {
    static OUTSIDE: RefCell<Option<Outside>> = const { RefCell::new(None) };
}

/// The options every parse of data uses.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_events = MAX_EVENTS;
    budget.max_aliases = 10_000;
    // A session's whole batch of replies (10,000 letters of 3,000 characters is about 90 MB of
    // text) fits; the input itself is capped at 256 MB by the reader.
    budget.max_total_scalar_bytes = MAX_TEXT_BYTES;
    budget.max_reader_input_bytes = Some(MAX_TEXT_BYTES);
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_REPLAY;
    options.leading_zero_numbers_as_strings = true;
    options.with_snippet = false;
    options
}

/// Parse `text` (already decoded) from `file` into a tree.
pub fn parse(file: &Path, text: &str) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Err(empty_file(file));
    }
    match serde_saphyr::from_str_with_options::<Spanned<Value>>(text, options()) {
        Ok(spanned) => Ok(Node {
            value: spanned.value,
            position: position_of(&spanned.referenced),
        }),
        Err(e) => Err(yaml_error(file, text, &e)),
    }
}

/// Parse a data file into a tree, keeping `outside`'s list out of it. The input is `text`, or
/// read from `reader` as it is parsed (valid UTF-8 without a BOM), never held whole; then an
/// error's line is quoted later by [`Diagnostic`]'s reader (see `quote_source_lines`).
pub fn parse_data(
    file: &Path,
    input: DataInput<'_>,
    outside: OutsideList,
) -> Result<Parsed, Diagnostic> {
    if let DataInput::Text(text) = input
        && text.trim().is_empty()
    {
        return Err(empty_file(file));
    }
    OUTSIDE.with(|o| {
        *o.borrow_mut() = Some(Outside {
            list: outside,
            store: None,
            taken: false,
            failure: None,
        })
    });
    let parsed = match input {
        DataInput::Text(text) => {
            serde_saphyr::from_str_with_options::<Spanned<Root>>(text, options())
                .map_err(|e| yaml_error(file, text, &e))
        }
        DataInput::Reader(reader) => {
            serde_saphyr::from_reader_with_options::<_, Spanned<Root>>(reader, options())
                .map_err(|e| yaml_error(file, "", &e))
        }
    };
    let outside = OUTSIDE.with(|o| o.borrow_mut().take());
    let (store, failure) = outside.map_or((None, None), |o| (o.store, o.failure));
    if let Some(failure) = failure {
        return Err(spill_error(file, &failure));
    }
    let root = parsed?;
    if matches!(root.value.0, Value::Null) {
        return Err(empty_file(file));
    }
    let mut store = store;
    if let Some(store) = &mut store {
        store.finish().map_err(|e| spill_error(file, &e))?;
    }
    Ok(Parsed {
        root: Node {
            value: root.value.0,
            position: position_of(&root.referenced),
        },
        outside: store,
    })
}

/// Where [`parse_data`] reads from.
pub enum DataInput<'a> {
    Text(&'a str),
    Reader(&'a mut dyn std::io::Read),
}

fn empty_file(file: &Path) -> Diagnostic {
    Diagnostic::error(file, "the file is empty")
        .hint("start from a skeleton: `gongwen new work-summary > my.yaml`")
}

fn spill_error(file: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        file,
        format!("cannot keep the batch's entries in a temporary file: {e}"),
    )
    .hint("check that the temporary folder (TMPDIR, else /tmp) exists and has free space")
}

fn yaml_error(file: &Path, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let position = e.location().map(|l| position_of(&l));
    let raw = e.without_snippet().to_string();
    // serde-saphyr prefixes "error: line L column C: "; we print the position ourselves.
    let message = raw
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("error"))
        .map(|(_, rest)| rest)
        .unwrap_or(&raw);
    let message = match message.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") => rest,
        _ => message,
    }
    .lines()
    .next()
    .unwrap_or("")
    .replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    let lower = message.to_lowercase();
    // serde-saphyr's own advice names its API; the user needs to know about the `---` line.
    let message = if lower.contains("multiple yaml documents") {
        "the file holds more than one YAML document (a `---` line starts another)".to_string()
    } else {
        message
    };
    let hint = if lower.contains("multiple yaml documents") {
        "a data file is one document: delete the `---` line, or split the file in two"
    } else if lower.contains("duplicate") {
        "each field may appear once in a group; delete or merge the repeated one"
    } else if lower.contains("depth") || lower.contains("nesting") || lower.contains("recursion") {
        "the data is nested far deeper than any document needs; check the indentation"
    } else if lower.contains("scalarbytes") || lower.contains("inputbytes") {
        "the file holds more text than gongwen reads at once (256 MB); split the batch into several files"
    } else if lower.contains("alias") || lower.contains("anchor") || lower.contains("budget") {
        "anchors (&name) and aliases (*name) expand to more data than any document needs; copy the text instead"
    } else if lower.contains("tab") {
        "YAML indentation must use spaces, not tabs"
    } else {
        "check the indentation and that every `key: value` has a space after the colon; quote text that starts with a special character (* & ! | > % @ `)"
    };
    Diagnostic::error(file, format!("not valid YAML: {message}"))
        .at(position)
        .hint(hint)
        .with_source(text)
}

/// A diagnostic for YAML read straight into a Rust type (front matter, style config): the
/// position shifted by `first_line`, the field, and a did-you-mean from serde's expected names.
pub fn typed_error(
    file: &Path,
    text: &str,
    first_line: usize,
    e: &serde_saphyr::Error,
) -> Diagnostic {
    let position = e.location().map(|l| Position {
        line: l.line() as u32 + first_line as u32 - 1,
        column: l.column() as u32,
    });
    let raw = e.without_snippet().to_string();
    let message = raw.lines().next().unwrap_or("").to_string();
    let message = message
        .rsplit_once("column ")
        .and_then(|(_, rest)| rest.split_once(": "))
        .map_or(message.clone(), |(_, m)| m.to_string());
    // serde: "unknown field `bdy`, expected one of title, body at line 2, column 3"
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let mut d = Diagnostic::error(file, message.clone())
        .at(position)
        .with_source(text);
    if let Some(unknown) = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("unknown field"))
    {
        let expected: Vec<&str> = message
            .split_once("expected ")
            .map(|(_, list)| list.trim_start_matches("one of "))
            .map(|list| {
                list.split([',', '`', ' '])
                    .filter(|w| !w.is_empty() && *w != "or")
                    .collect()
            })
            .unwrap_or_default();
        d = d.field(unknown);
        d = match crate::suggest::closest(unknown, expected.iter()) {
            Some(k) => d.hint(format!(
                "did you mean `{k}`? Fields here: {}",
                expected.join(", ")
            )),
            None => d.hint(format!("fields here: {}", expected.join(", "))),
        };
    }
    d
}

fn position_of(location: &serde_saphyr::Location) -> Position {
    Position {
        line: location.line() as u32,
        column: location.column() as u32,
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = access.next_element::<Spanned<Value>>()? {
            items.push(Node {
                value: item.value,
                position: position_of(&item.referenced),
            });
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = access.next_entry::<Spanned<KeyName>, Spanned<Value>>()? {
            entries.push((
                Key {
                    name: key.value.0,
                    position: position_of(&key.referenced),
                },
                Node {
                    value: value.value,
                    position: position_of(&value.referenced),
                },
            ));
        }
        Ok(Value::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// The top of a data file: a value whose map keeps the [`OutsideList`] out of the tree.
struct Root(Value);

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RootVisitor).map(Root)
    }
}

/// Reads the top level as [`ValueVisitor`] does, except for the outside list's entries.
struct RootVisitor;

/// Every method but `visit_map`, passed to [`ValueVisitor`].
macro_rules! like_value_visitor {
    () => {
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            ValueVisitor.expecting(f)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
            ValueVisitor.visit_bool(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
            ValueVisitor.visit_i64(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
            ValueVisitor.visit_u64(v)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
            ValueVisitor.visit_f64(v)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
            ValueVisitor.visit_str(v)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
            ValueVisitor.visit_string(v)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
            ValueVisitor.visit_unit()
        }
        fn visit_none<E: de::Error>(self) -> Result<Value, E> {
            ValueVisitor.visit_none()
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            ValueVisitor.visit_some(d)
        }
    };
}

impl<'de> Visitor<'de> for RootVisitor {
    type Value = Value;
    like_value_visitor!();
    fn visit_seq<A: SeqAccess<'de>>(self, access: A) -> Result<Value, A::Error> {
        ValueVisitor.visit_seq(access)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let list = OUTSIDE.with(|o| o.borrow().as_ref().map(|o| o.list.clone()));
        let mut has_list = false;
        let mut entries = Vec::new();
        while let Some(key) = access.next_key::<Spanned<KeyName>>()? {
            let name = key.value.0;
            let taken = OUTSIDE.with(|o| o.borrow().as_ref().is_some_and(|o| o.taken));
            let value = match &list {
                Some(list) if has_list && !taken && list.list.is_named(name.trim()) => {
                    let value = access.next_value::<Spanned<Entries>>()?;
                    Spanned::new(value.value.0, value.referenced, value.defined)
                }
                _ => access.next_value::<Spanned<Value>>()?,
            };
            if let (Some(list), Value::Str(kind)) = (&list, &value.value)
                && list.kind.is_named(name.trim())
            {
                has_list = (list.has_list)(kind);
            }
            entries.push((
                Key {
                    name,
                    position: position_of(&key.referenced),
                },
                Node {
                    value: value.value,
                    position: position_of(&value.referenced),
                },
            ));
        }
        Ok(Value::Map(entries))
    }
}

/// The outside list: each entry is written to the store as it is read, and the tree gets an
/// empty list. Anything but a list is read as usual (the field reader says what is wrong).
struct Entries(Value);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntriesVisitor).map(Entries)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Value;
    like_value_visitor!();
    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Value, A::Error> {
        ValueVisitor.visit_map(access)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let keep = OUTSIDE.with(|o| o.borrow().as_ref().map(|o| o.list.keep.clone()));
        let Some(keep) = keep else {
            return ValueVisitor.visit_seq(access);
        };
        let mut store = ItemStore::new(&keep);
        while let Some(item) = access.next_element::<Spanned<Value>>()? {
            let node = Node {
                value: item.value,
                position: position_of(&item.referenced),
            };
            if let Err(e) = store.push(&node) {
                let message = e.to_string();
                OUTSIDE.with(|o| {
                    if let Some(o) = o.borrow_mut().as_mut() {
                        o.failure = Some(e);
                    }
                });
                return Err(de::Error::custom(message));
            }
        }
        OUTSIDE.with(|o| {
            if let Some(o) = o.borrow_mut().as_mut() {
                o.store = Some(store);
                o.taken = true;
            }
        });
        Ok(Value::Seq(Vec::new()))
    }
}

/// A mapping key: any scalar, read as text.
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(KeyName(match Value::deserialize(d)? {
            Value::Str(s) => s,
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_string(),
            Value::Seq(_) | Value::Map(_) => {
                return Err(de::Error::custom(
                    "a key must be a single word, not a list or group",
                ));
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Node, Diagnostic> {
        parse(Path::new("t.yaml"), text)
    }

    #[test]
    fn keeps_positions_and_order() {
        let node = p("b: 1\na:\n  - x\n  - 2.5\n").unwrap();
        let Value::Map(entries) = node.value else {
            panic!()
        };
        assert_eq!(entries[0].0.name, "b");
        assert_eq!(entries[1].0.position, Position { line: 2, column: 1 });
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Float(2.5));
        assert_eq!(items[1].position.line, 4);
    }

    #[test]
    fn leading_zero_numbers_stay_text() {
        let node = p("number: 0982\n").unwrap();
        let Value::Map(entries) = node.value else {
            panic!()
        };
        assert_eq!(entries[0].1.value, Value::Str("0982".into()));
    }

    #[test]
    fn duplicate_key_is_an_error_with_line() {
        let e = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(e.position.map(|p| p.line), Some(3));
    }

    #[test]
    fn merge_keys_apply() {
        let node = p("base: &b {unit: 家}\nx:\n  <<: *b\n  value: 3\n").unwrap();
        let Value::Map(entries) = node.value else {
            panic!()
        };
        let Value::Map(x) = &entries[1].1.value else {
            panic!()
        };
        assert!(
            x.iter()
                .any(|(k, v)| k.name == "unit" && v.value == Value::Str("家".into()))
        );
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let start = std::time::Instant::now();
        assert!(p(&text).is_err());
        let block: String = (0..200)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        assert!(p(&block).is_err());
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text += &format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            );
        }
        let e = p(&text).unwrap_err();
        assert!(e.hint.unwrap().contains("anchors"), "{}", e.message);
    }
}
