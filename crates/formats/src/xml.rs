//! A thin layer over quick-xml's writer: every text and attribute value goes through quick-xml's
//! escaping (`&`, `<`, `>`, `"`, `'`), nothing is written by hand.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io;

pub struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    pub fn new() -> io::Result<Xml> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Xml { w })
    }

    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        let start = BytesStart::new(tag).with_attributes(attrs.iter().copied());
        self.w.write_event(Event::Start(start))
    }

    pub fn close(&mut self, tag: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(tag)))
    }

    /// `<tag attrs>text</tag>`, the text escaped.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.open(tag, attrs)?;
        self.w.write_event(Event::Text(BytesText::new(text)))?;
        self.close(tag)
    }

    /// `<tag>text</tag>`, skipped when the text is empty (an empty element fails most schemas).
    pub fn text(&mut self, tag: &str, text: &str) -> io::Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        self.leaf(tag, &[], text)
    }

    /// `<outer><inner>text</inner></outer>`, skipped when the text is empty.
    pub fn nested(&mut self, outer: &str, inner: &str, text: &str) -> io::Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        self.open(outer, &[])?;
        self.leaf(inner, &[], text)?;
        self.close(outer)
    }

    pub fn finish(self) -> String {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        // quick-xml writes the UTF-8 it was given: never lossy in practice.
        String::from_utf8_lossy(&bytes).into_owned()
    }
}
