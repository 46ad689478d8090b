//! A reply batch's proposal entries kept outside the data tree: each entry's nodes encoded as it is read, held in memory or a temporary file, and read back one at a time.

use super::yaml::{Key, Node, Value};
use crate::diagnostic::Position;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

/// Entries written to the file are gathered up to this size, then written in one go.
const WRITE_CHUNK: usize = 1 << 20;

/// Where a store keeps its entries: in memory (bytes given to the library), or on disk, beside
/// the input where it can (see [`ItemStore::on_disk`]).
#[derive(Debug, Clone)]
pub enum Keep {
    Memory,
    Disk(Option<std::path::PathBuf>),
}

/// The entries of one list, in order. A batch of 10,000 letters holds a few hundred bytes per
/// entry (where it starts and where it was written) instead of its whole tree.
pub struct ItemStore {
    storage: Storage,
    /// Each entry's start and length in the storage.
    spans: Vec<(u64, u32)>,
    /// Where each entry was written in the user's file.
    positions: Vec<Position>,
}

enum Storage {
    Memory(Vec<u8>),
    /// An unnamed temporary file (removed by the system when it is closed, whatever happens),
    /// the bytes not yet written to it, and its length so far.
    File {
        file: Mutex<std::fs::File>,
        pending: Vec<u8>,
        written: u64,
    },
}

impl std::fmt::Debug for ItemStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ItemStore({} entries)", self.spans.len())
    }
}

impl PartialEq for ItemStore {
    /// Two stores are equal when their entries are.
    fn eq(&self, other: &ItemStore) -> bool {
        self.len() == other.len() && (0..self.len()).all(|n| self.get(n).ok() == other.get(n).ok())
    }
}

impl ItemStore {
    /// A store held in memory, for small inputs.
    pub fn in_memory() -> ItemStore {
        ItemStore {
            storage: Storage::Memory(Vec::new()),
            spans: Vec::new(),
            positions: Vec::new(),
        }
    }

    /// A store in an unnamed temporary file: in `near` (the input's folder, most often on disk
    /// where the system's temporary folder may be in memory), else in the temporary folder,
    /// else, where neither can hold a file, in memory.
    pub fn on_disk(near: Option<&Path>) -> ItemStore {
        let near = near.map(|dir| match dir.as_os_str().is_empty() {
            true => Path::new("."),
            false => dir,
        });
        let file = near
            .and_then(|dir| tempfile::tempfile_in(dir).ok())
            .or_else(|| tempfile::tempfile().ok());
        match file {
            Some(file) => ItemStore {
                storage: Storage::File {
                    file: Mutex::new(file),
                    pending: Vec::new(),
                    written: 0,
                },
                spans: Vec::new(),
                positions: Vec::new(),
            },
            None => ItemStore::in_memory(),
        }
    }

    /// Write the gathered bytes to the file; where the file cannot take them (a full disk),
    /// read it back and keep everything in memory from then on.
    fn write_pending(&mut self) -> std::io::Result<()> {
        let Storage::File {
            file,
            pending,
            written,
        } = &mut self.storage
        else {
            return Ok(());
        };
        let file = file
            .get_mut()
            .map_err(|_| std::io::Error::other("the store's file lock was poisoned"))?;
        match file.write_all(pending).and_then(|()| file.flush()) {
            Ok(()) => {
                *written += pending.len() as u64;
                pending.clear();
            }
            Err(_) => {
                let mut bytes = Vec::new();
                file.seek(SeekFrom::Start(0))?;
                file.take(*written).read_to_end(&mut bytes)?;
                bytes.append(pending);
                self.storage = Storage::Memory(bytes);
            }
        }
        Ok(())
    }

    /// A store where `keep` says.
    pub fn new(keep: &Keep) -> ItemStore {
        match keep {
            Keep::Memory => ItemStore::in_memory(),
            Keep::Disk(near) => ItemStore::on_disk(near.as_deref()),
        }
    }

    /// A store of `nodes`, in memory.
    pub fn of_nodes(nodes: &[Node]) -> ItemStore {
        let mut store = ItemStore::in_memory();
        for node in nodes {
            store.push(node).expect("writing to memory cannot fail");
        }
        store
    }

    /// Add an entry at the end.
    pub fn push(&mut self, node: &Node) -> std::io::Result<()> {
        if matches!(&self.storage, Storage::File { pending, .. } if pending.len() >= WRITE_CHUNK) {
            self.write_pending()?;
        }
        let (bytes, start) = match &mut self.storage {
            Storage::Memory(bytes) => {
                let start = bytes.len() as u64;
                (bytes, start)
            }
            Storage::File {
                pending, written, ..
            } => {
                let start = *written + pending.len() as u64;
                (pending, start)
            }
        };
        let before = bytes.len();
        encode(node, bytes);
        let length = u32::try_from(bytes.len() - before).map_err(|_| {
            std::io::Error::other("one entry of the list holds more than 4 GB of text")
        })?;
        self.spans.push((start, length));
        self.positions.push(node.position);
        Ok(())
    }

    /// Write what is still gathered, so that every entry can be read back.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.write_pending()?;
        if let Storage::File { pending, .. } = &mut self.storage {
            *pending = Vec::new();
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Where entry `n` was written in the user's file.
    pub fn position(&self, n: usize) -> Position {
        self.positions[n]
    }

    /// Entry `n`, read back.
    pub fn get(&self, n: usize) -> std::io::Result<Node> {
        let (start, length) = self.spans[n];
        let mut buffer;
        let bytes: &[u8] = match &self.storage {
            Storage::Memory(bytes) => &bytes[start as usize..start as usize + length as usize],
            Storage::File {
                file,
                pending,
                written,
            } => {
                if start >= *written {
                    let at = (start - written) as usize;
                    &pending[at..at + length as usize]
                } else {
                    buffer = vec![0; length as usize];
                    let mut file = file
                        .lock()
                        .map_err(|_| std::io::Error::other("the store's file lock was poisoned"))?;
                    file.seek(SeekFrom::Start(start))?;
                    file.read_exact(&mut buffer)?;
                    &buffer
                }
            }
        };
        let mut at = 0;
        decode(bytes, &mut at).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a stored entry of the list does not read back",
            )
        })
    }
}

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const STR: u8 = 5;
const SEQ: u8 = 6;
const MAP: u8 = 7;

/// Append `node` to `out`: its position, a tag, and the value (numbers little-endian, text
/// and lists with their length first).
fn encode(node: &Node, out: &mut Vec<u8>) {
    encode_position(node.position, out);
    match &node.value {
        Value::Null => out.push(NULL),
        Value::Bool(false) => out.push(FALSE),
        Value::Bool(true) => out.push(TRUE),
        Value::Int(i) => {
            out.push(INT);
            out.extend_from_slice(&i.to_le_bytes());
        }
        Value::Float(x) => {
            out.push(FLOAT);
            out.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        Value::Str(s) => {
            out.push(STR);
            encode_text(s, out);
        }
        Value::Seq(items) => {
            out.push(SEQ);
            out.extend_from_slice(&(items.len() as u32).to_le_bytes());
            for item in items {
                encode(item, out);
            }
        }
        Value::Map(entries) => {
            out.push(MAP);
            out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
            for (key, value) in entries {
                encode_position(key.position, out);
                encode_text(&key.name, out);
                encode(value, out);
            }
        }
    }
}

fn encode_position(p: Position, out: &mut Vec<u8>) {
    out.extend_from_slice(&p.line.to_le_bytes());
    out.extend_from_slice(&p.column.to_le_bytes());
}

fn encode_text(s: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// The node [`encode`] wrote at `bytes[*at..]`, moving `at` past it; `None` if the bytes do
/// not hold one.
fn decode(bytes: &[u8], at: &mut usize) -> Option<Node> {
    let position = decode_position(bytes, at)?;
    let tag = *bytes.get(*at)?;
    *at += 1;
    let value = match tag {
        NULL => Value::Null,
        FALSE => Value::Bool(false),
        TRUE => Value::Bool(true),
        INT => Value::Int(i64::from_le_bytes(take(bytes, at)?)),
        FLOAT => Value::Float(f64::from_bits(u64::from_le_bytes(take(bytes, at)?))),
        STR => Value::Str(decode_text(bytes, at)?),
        SEQ => {
            let count = u32::from_le_bytes(take(bytes, at)?) as usize;
            let mut items = Vec::with_capacity(count.min(bytes.len()));
            for _ in 0..count {
                items.push(decode(bytes, at)?);
            }
            Value::Seq(items)
        }
        MAP => {
            let count = u32::from_le_bytes(take(bytes, at)?) as usize;
            let mut entries = Vec::with_capacity(count.min(bytes.len()));
            for _ in 0..count {
                let position = decode_position(bytes, at)?;
                let name = decode_text(bytes, at)?;
                entries.push((Key { name, position }, decode(bytes, at)?));
            }
            Value::Map(entries)
        }
        _ => return None,
    };
    Some(Node { value, position })
}

fn take<const N: usize>(bytes: &[u8], at: &mut usize) -> Option<[u8; N]> {
    let taken = bytes.get(*at..*at + N)?.try_into().ok()?;
    *at += N;
    Some(taken)
}

fn decode_position(bytes: &[u8], at: &mut usize) -> Option<Position> {
    Some(Position {
        line: u32::from_le_bytes(take(bytes, at)?),
        column: u32::from_le_bytes(take(bytes, at)?),
    })
}

fn decode_text(bytes: &[u8], at: &mut usize) -> Option<String> {
    let length = u32::from_le_bytes(take(bytes, at)?) as usize;
    let text = bytes.get(*at..*at + length)?;
    *at += length;
    String::from_utf8(text.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: u32) -> Node {
        let at = |line| Position { line, column: 3 };
        Node {
            position: at(n),
            value: Value::Map(vec![
                (
                    Key {
                        name: "number".into(),
                        position: at(n),
                    },
                    Node {
                        value: Value::Str(format!("{n:04}")),
                        position: at(n),
                    },
                ),
                (
                    Key {
                        name: "各项".into(),
                        position: at(n + 1),
                    },
                    Node {
                        value: Value::Seq(vec![
                            Node {
                                value: Value::Float(f64::INFINITY),
                                position: at(n + 2),
                            },
                            Node {
                                value: Value::Int(i64::MIN),
                                position: at(n + 3),
                            },
                            Node {
                                value: Value::Bool(true),
                                position: at(n + 4),
                            },
                            Node {
                                value: Value::Null,
                                position: at(n + 5),
                            },
                            Node {
                                value: Value::Str("答复内容".repeat(n as usize % 700)),
                                position: at(n + 6),
                            },
                        ]),
                        position: at(n + 1),
                    },
                ),
            ]),
        }
    }

    #[test]
    fn entries_read_back_as_written_in_memory_and_on_disk() {
        let mut on_disk = ItemStore::on_disk(None);
        let mut in_memory = ItemStore::in_memory();
        // Enough entries that the file store writes several chunks and keeps some pending.
        for n in 0..3000 {
            on_disk.push(&sample(n)).unwrap();
            in_memory.push(&sample(n)).unwrap();
        }
        assert!(matches!(&on_disk.storage, Storage::File { written, .. } if *written > 0));
        // Readable before and after the last chunk is written.
        assert_eq!(on_disk.get(2999).unwrap(), sample(2999));
        on_disk.finish().unwrap();
        for n in [0, 1, 700, 1499, 2999] {
            assert_eq!(on_disk.get(n).unwrap(), sample(n as u32));
            assert_eq!(in_memory.get(n).unwrap(), sample(n as u32));
            assert_eq!(on_disk.position(n).line, n as u32);
        }
        assert_eq!(on_disk.len(), 3000);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let mut bytes = Vec::new();
        encode(&sample(7), &mut bytes);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], &mut 0).is_none());
        }
        bytes[8] = 99;
        assert!(decode(&bytes, &mut 0).is_none());
    }
}
