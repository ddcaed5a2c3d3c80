//! An invoice entered on the portal → a Factur-X PDF: PDF/A-3B, A4 pages laid out like the
//! invoice page, its one font embedded (DejaVu Sans, French subset, WinAnsi codes), an sRGB output intent, the
//! XMP metadata with the Factur-X extension schema, and the CII file embedded as `factur-x.xml`
//! (AFRelationship Data), referred to by the catalog's /AF.
//!
//! Text outside the font (emoji, other scripts, rare Latin letters) is shown as « ? » on the page; the embedded XML
//! keeps it whole.

mod metriques;
mod page;

use crate::modele::Document;
use chrono::{DateTime, Datelike, Timelike, Utc};
use pdf_writer::types::{AssociationKind, FontFlags, OutputIntentSubtype};
use pdf_writer::{Date, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

pub use page::{largeur_texte, winansi};

const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans-Francais.ttf");
const ICC: &[u8] = include_bytes!("../../assets/sRGB.icc");
/// A4 in points.
pub const LARGEUR: f32 = 595.28;
pub const HAUTEUR: f32 = 841.89;

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

fn date_pdf(t: DateTime<Utc>) -> Date {
    Date::new(u16::try_from(t.year()).unwrap_or(2026))
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// The Factur-X PDF of an invoice whose CII text is `cii` (see `cii::ecrire`).
pub fn ecrire(d: &Document, cii: &str) -> Vec<u8> {
    let f = d.facture;
    let quand = f.depose_le().unwrap_or(f.cree_le);
    let titre = f.titre();
    let pages = page::composer(d);

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog_id = alloc();
    let pages_id = alloc();
    let font_id = alloc();
    let descriptor_id = alloc();
    let font_file_id = alloc();
    let icc_id = alloc();
    let xmp_id = alloc();
    let spec_id = alloc();
    let file_id = alloc();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();

    // The catalog: pages, XMP, output intent, the embedded file (name tree and /AF).
    {
        let mut cat = pdf.catalog(catalog_id);
        cat.pages(pages_id);
        cat.metadata(xmp_id);
        cat.pair(Name(b"Lang"), TextStr("fr-FR"));
        cat.output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB"))
            .registry_name(TextStr("http://www.color.org"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(icc_id);
        cat.names()
            .embedded_files()
            .names()
            .insert(Str(b"factur-x.xml"), spec_id);
        cat.insert(Name(b"AF")).array().item(spec_id);
    }
    pdf.pages(pages_id)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);

    for ((page_id, content_id), contenu) in page_ids.iter().zip(&pages) {
        let mut page = pdf.page(*page_id);
        page.parent(pages_id)
            .media_box(Rect::new(0.0, 0.0, LARGEUR, HAUTEUR));
        page.resources().fonts().pair(Name(b"F1"), font_id);
        page.contents(*content_id);
        page.finish();
        let compresse = deflate(contenu);
        pdf.stream(*content_id, &compresse)
            .filter(pdf_writer::Filter::FlateDecode);
    }

    // The font: a simple TrueType font, WinAnsi, widths of the embedded program.
    {
        let mut font = pdf.indirect(font_id).dict();
        font.pair(Name(b"Type"), Name(b"Font"));
        font.pair(Name(b"Subtype"), Name(b"TrueType"));
        font.pair(Name(b"BaseFont"), Name(b"AAAAAA+DejaVuSans"));
        font.pair(Name(b"FirstChar"), 32);
        font.pair(Name(b"LastChar"), 255);
        font.insert(Name(b"Widths"))
            .array()
            .items(metriques::LARGEURS.iter().map(|w| f32::from(*w)));
        font.pair(Name(b"FontDescriptor"), descriptor_id);
        font.pair(Name(b"Encoding"), Name(b"WinAnsiEncoding"));
    }
    pdf.font_descriptor(descriptor_id)
        .name(Name(b"AAAAAA+DejaVuSans"))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            metriques::BBOX[0],
            metriques::BBOX[1],
            metriques::BBOX[2],
            metriques::BBOX[3],
        ))
        .italic_angle(metriques::ITALIC_ANGLE)
        .ascent(metriques::ASCENT)
        .descent(metriques::DESCENT)
        .cap_height(metriques::CAP_HEIGHT)
        .stem_v(80.0)
        .font_file2(font_file_id);
    let font_data = deflate(FONT);
    pdf.stream(font_file_id, &font_data)
        .filter(pdf_writer::Filter::FlateDecode)
        .pair(Name(b"Length1"), FONT.len() as i32);

    let icc = deflate(ICC);
    let mut profil = pdf.icc_profile(icc_id, &icc);
    profil.n(3).range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
    profil.filter(pdf_writer::Filter::FlateDecode);
    profil.finish();

    let xmp = xmp(&titre, quand);
    pdf.metadata(xmp_id, xmp.as_bytes());

    // factur-x.xml, AFRelationship Data.
    let mut spec = pdf.file_spec(spec_id);
    spec.path(Str(b"factur-x.xml"));
    spec.unic_file(TextStr("factur-x.xml"));
    spec.description(TextStr(
        "Factur-X : facture au format CII (profil EN 16931)",
    ));
    spec.association_kind(AssociationKind::Data);
    spec.insert(Name(b"EF"))
        .dict()
        .pair(Name(b"F"), file_id)
        .pair(Name(b"UF"), file_id);
    spec.finish();
    let xml = deflate(cii.as_bytes());
    let mut ef = pdf.embedded_file(file_id, &xml);
    ef.filter(pdf_writer::Filter::FlateDecode);
    ef.subtype(Name(b"text/xml"));
    ef.params()
        .size(i32::try_from(cii.len()).unwrap_or(i32::MAX))
        .modification_date(date_pdf(quand));
    ef.finish();

    // The trailer's /ID (required by PDF/A): derived from the invoice, stable across downloads.
    let id = identifiant(&format!("{}|{}|{}", f.id, f.numero, cii.len()));
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// 16 bytes from a text (FNV-1a, twice): enough for a document identifier.
fn identifiant(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for seed in [0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4] {
        let mut h = seed;
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend_from_slice(&h.to_be_bytes());
    }
    out
}

fn xmp(titre: &str, quand: DateTime<Utc>) -> String {
    let titre = quick_xml::escape::escape(titre);
    let date = format!(
        "{}T{:02}:{:02}:{:02}Z",
        crate::modele::date_iso(quand.date_naive()),
        quand.hour(),
        quand.minute(),
        quand.second()
    );
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{titre}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Bac à sable Chorus Pro</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:CreatorTool>Bac à sable Chorus Pro</xmp:CreatorTool>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>Bac à sable Chorus Pro (pdf-writer)</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
   <fx:DocumentType>INVOICE</fx:DocumentType>
   <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version>
   <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>fx</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>DocumentFileName</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>DocumentType</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>Version</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>ConformanceLevel</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{FEFF}'
    )
}
