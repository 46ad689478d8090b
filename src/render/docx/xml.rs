//! A small writer for the WordprocessingML we emit: elements in the order we write them,
//! text and attributes escaped, nothing else (schema order is the caller's job).

/// XML text under construction.
#[derive(Default)]
pub struct Xml {
    out: String,
}

/// The XML declaration every part starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

impl Xml {
    pub fn new() -> Xml {
        Xml {
            out: String::from(DECLARATION),
        }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
    }

    /// `<name attrs>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(name, attrs);
        self.out.push('>');
        self
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(name, attrs);
        self.out.push_str("/>");
        self
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.out, text, false);
        self
    }

    /// `<name attrs>text</name>`.
    pub fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(name, attrs).text(text).close(name)
    }

    /// Markup written as is (static parts of a template).
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// The length of the markup so far, a place to [`Xml::insert`] at later.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Markup written as is at `at`, an earlier [`Xml::len`].
    pub fn insert(&mut self, at: usize, markup: &str) {
        self.out.insert_str(at, markup);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Escape XML special characters, and drop characters XML 1.0 cannot carry.
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut x = Xml::new();
        x.open("a", &[("v", "\"<&>\"")])
            .text("5<6 & 7>3\u{1}")
            .close("a");
        assert_eq!(
            x.finish().trim_start_matches(DECLARATION),
            "<a v=\"&quot;&lt;&amp;&gt;&quot;\">5&lt;6 &amp; 7&gt;3</a>"
        );
    }
}
