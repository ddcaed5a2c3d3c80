//! The key-value interface persistence needs, and an in-memory implementation (used natively, in
//! tests with a simulated quota, and in the browser when localStorage is unavailable).

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused the write: storage full (QuotaExceededError).
    Quota,
    /// Storage cannot be used at all (disabled, private mode, security error).
    Unavailable(String),
}

impl StoreError {
    pub fn message_fr(&self) -> String {
        match self {
            StoreError::Quota => "L'espace de stockage du navigateur est plein : l'action n'a pas été enregistrée et rien n'a changé. Exportez vos données, puis libérez de la place (supprimez des brouillons, des pièces jointes ou réinitialisez le bac à sable).".to_string(),
            StoreError::Unavailable(detail) => format!(
                "Le stockage du navigateur est indisponible ({detail}) : l'action n'a pas été enregistrée."
            ),
        }
    }
}

pub trait KvStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// Every key currently stored (any prefix).
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// Size as Chromium counts it against the quota: UTF-16 code units of key and value.
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    entries: BTreeMap<String, String>,
    /// Maximum total of UTF-16 units (keys + values), like the browser's quota; `None` = unlimited.
    pub quota: Option<usize>,
    /// When set, every write fails as if storage were disabled (fault injection).
    pub fail_writes: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_quota(quota: usize) -> Self {
        Self {
            quota: Some(quota),
            ..Self::default()
        }
    }

    pub fn used(&self) -> usize {
        self.entries
            .iter()
            .map(|(k, v)| utf16_len(k) + utf16_len(v))
            .sum()
    }

    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.entries
    }
}

impl KvStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.fail_writes {
            return Err(StoreError::Unavailable("écriture refusée".to_string()));
        }
        if let Some(quota) = self.quota {
            let old = self
                .entries
                .get(key)
                .map(|v| utf16_len(key) + utf16_len(v))
                .unwrap_or(0);
            let new = utf16_len(key) + utf16_len(value);
            if self.used() - old + new > quota {
                return Err(StoreError::Quota);
            }
        }
        self.entries.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        if self.fail_writes {
            return Err(StoreError::Unavailable("écriture refusée".to_string()));
        }
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.entries.keys().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_counts_utf16_units_of_keys_and_values() {
        let mut s = MemoryStore::with_quota(10);
        s.set("ab", "cdé").unwrap(); // 2 + 3
        assert_eq!(s.used(), 5);
        assert_eq!(s.set("x", "12345"), Err(StoreError::Quota)); // 5 + 6 > 10
        s.set("ab", "1234567").unwrap(); // replaces: 2 + 7 = 9
        assert_eq!(s.get("ab").unwrap().as_deref(), Some("1234567"));
        s.remove("ab").unwrap();
        assert_eq!(s.used(), 0);
    }

    #[test]
    fn disabled_store_refuses_writes() {
        let mut s = MemoryStore {
            fail_writes: true,
            ..Default::default()
        };
        assert!(matches!(s.set("a", "b"), Err(StoreError::Unavailable(_))));
    }
}
