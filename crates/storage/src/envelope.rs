//! The versioned envelope around every stored record: `{"v": schema, "rev": revision, "data": …}`.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Schema version written by this build. Bump it with a migration step in `migrations.rs` and a
/// fixture `tests/fixtures/storage-vN.json`.
/// Schema 2 adds the trainer's code (`cpsb:formateur:main`), which older builds cannot read.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Envelope {
    pub v: u32,
    /// Incremented on every write of the key; used to detect a concurrent change by another tab.
    pub rev: u64,
    /// The record's own JSON, kept as text: parsed into its type only once, by `Record::from_json`.
    pub data: Box<RawValue>,
}

/// An envelope as read: the record's JSON borrowed from the stored text.
#[derive(Debug, Deserialize)]
pub struct EnvelopeLu<'a> {
    pub v: u32,
    pub rev: u64,
    #[serde(borrow)]
    pub data: &'a RawValue,
}

impl Envelope {
    pub fn new(rev: u64, data_json: String) -> Envelope {
        Envelope {
            v: SCHEMA_VERSION,
            rev,
            data: RawValue::from_string(data_json).expect("records serialise to valid JSON"),
        }
    }

    /// Reads an envelope without copying its record: `data` borrows from `raw` (a sandbox of
    /// thousands of invoices is read at every start).
    pub fn parse(raw: &str) -> Result<EnvelopeLu<'_>, String> {
        let env: EnvelopeLu =
            serde_json::from_str(raw).map_err(|e| format!("JSON illisible ({e})"))?;
        if env.v == 0 {
            return Err("version de schéma absente".to_string());
        }
        Ok(env)
    }

    pub fn to_raw(&self) -> String {
        serde_json::to_string(self).expect("envelopes always serialise")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reports_bad_json() {
        assert!(Envelope::parse("{not json")
            .unwrap_err()
            .contains("JSON illisible"));
        assert_eq!(
            Envelope::parse(r#"{"v":0,"rev":1,"data":{}}"#).unwrap_err(),
            "version de schéma absente"
        );
        let e = Envelope::parse(r#"{"v":1,"rev":3,"data":{"a":1}}"#).unwrap();
        assert_eq!(e.rev, 3);
        assert_eq!(e.data.get(), r#"{"a":1}"#);
        let written = Envelope::new(e.rev, e.data.get().to_string()).to_raw();
        assert_eq!(Envelope::parse(&written).unwrap().data.get(), r#"{"a":1}"#);
        // Escaped text stays as stored: the record parser unescapes it.
        let escaped = Envelope::parse(r#"{"v":2,"rev":1,"data":{"t":"a\"b\u00e9"}}"#).unwrap();
        assert_eq!(escaped.data.get(), r#"{"t":"a\"b\u00e9"}"#);
    }
}
