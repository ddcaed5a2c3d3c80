//! Migration chain: brings a record written by any released schema version up to `SCHEMA_VERSION`.
//! Each step is a pure function on JSON, tested with the fixture of its version
//! (`tests/fixtures/storage-vN.json`, see `tests/storage.rs`).

use crate::envelope::SCHEMA_VERSION;
use domain::Collection;
use serde_json::Value;
use std::borrow::Cow;

/// Migrates `data` of `collection` from `from` to the current version. Versions newer than this
/// build are refused (the caller then opens the sandbox read-only).
pub fn migrate(collection: Collection, from: u32, json: &str) -> Result<Cow<'_, str>, String> {
    if from > SCHEMA_VERSION {
        return Err(format!(
            "données enregistrées par une version plus récente (schéma {from}, cette version lit jusqu'au schéma {SCHEMA_VERSION})"
        ));
    }
    if from == SCHEMA_VERSION {
        return Ok(Cow::Borrowed(json));
    }
    let mut data: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut version = from;
    while version < SCHEMA_VERSION {
        data = step(collection, version, data)?;
        version += 1;
    }
    Ok(Cow::Owned(data.to_string()))
}

/// One step from `version` to `version + 1`.
fn step(_collection: Collection, version: u32, data: Value) -> Result<Value, String> {
    match version {
        // 1 → 2: new collections only (the trainer's code); existing records are unchanged.
        1 => Ok(data),
        _ => Err(format!(
            "aucune migration connue depuis le schéma {version}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_version_is_identity() {
        let v = r#"{"offset_seconds":5}"#;
        assert_eq!(migrate(Collection::Clock, SCHEMA_VERSION, v).unwrap(), v);
    }

    #[test]
    fn newer_version_is_refused() {
        let e = migrate(Collection::Clock, SCHEMA_VERSION + 1, "null").unwrap_err();
        assert!(e.contains("plus récente"));
    }
}
