//! Migration chain: brings a record written by any released schema version up to `SCHEMA_VERSION`.
//! Each step is a pure function on JSON, tested with the fixture of its version
//! (`tests/fixtures/storage-vN.json`, see `tests/storage.rs`).

use super::envelope::SCHEMA_VERSION;
use crate::domain::Collection;
use serde_json::Value;

/// Migrates `data` of `collection` from `from` to the current version. Versions newer than this
/// build are refused (the caller then opens the sandbox read-only).
pub fn migrate(collection: Collection, from: u32, data: Value) -> Result<Value, String> {
    if from > SCHEMA_VERSION {
        return Err(format!(
            "données enregistrées par une version plus récente (schéma {from}, cette version lit jusqu'au schéma {SCHEMA_VERSION})"
        ));
    }
    let mut data = data;
    let mut version = from;
    while version < SCHEMA_VERSION {
        data = step(collection, version, data)?;
        version += 1;
    }
    Ok(data)
}

/// One step from `version` to `version + 1`. Schema 1 is the first released schema: no step yet.
fn step(_collection: Collection, version: u32, _data: Value) -> Result<Value, String> {
    Err(format!("aucune migration connue depuis le schéma {version}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_version_is_identity() {
        let v = serde_json::json!({"offset_seconds": 5});
        assert_eq!(migrate(Collection::Clock, SCHEMA_VERSION, v.clone()).unwrap(), v);
    }

    #[test]
    fn newer_version_is_refused() {
        let e = migrate(Collection::Clock, SCHEMA_VERSION + 1, Value::Null).unwrap_err();
        assert!(e.contains("plus récente"));
    }
}
