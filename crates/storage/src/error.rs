//! Why storage refused an action, typed so that the UI answers each case its own way: a full quota
//! offers the export, a conflict says the data was reloaded, read-only explains the newer version.

use crate::kv::StoreError;
use domain::RecordKey;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser's storage is full (QuotaExceededError): nothing was written, nothing changed.
    Quota,
    /// Another tab changed these records since this tab read them: they were reloaded, the action
    /// was not saved.
    Conflict(Vec<RecordKey>),
    /// The sandbox was written by a newer version of the app: this tab only reads.
    ReadOnly,
    /// Storage cannot be used (disabled, private mode, security error): the browser's detail.
    Unavailable(String),
    /// A write failed, and putting back what was already written failed too: these keys may hold
    /// part of the refused action. The tab must read the storage again before going on.
    RollbackFailed(Vec<String>),
}

impl StorageError {
    pub fn message_fr(&self) -> String {
        match self {
            StorageError::Quota => StoreError::Quota.message_fr(),
            StorageError::Unavailable(detail) => StoreError::Unavailable(detail.clone()).message_fr(),
            StorageError::Conflict(_) => "Ces données viennent d'être modifiées dans un autre onglet : elles ont été rechargées et votre action n'a pas été enregistrée. Vérifiez puis recommencez.".to_string(),
            StorageError::ReadOnly => "Ce bac à sable a été enregistré par une version plus récente de l'application : il est ouvert en consultation seule et ne peut pas être modifié ici.".to_string(),
            StorageError::RollbackFailed(keys) => format!(
                "L'action n'a pas pu être enregistrée, et {} donnée(s) déjà écrite(s) n'ont pas pu être remises comme avant. Exportez vos données, puis rechargez la page : le bac à sable relira ce qui est enregistré.",
                keys.len()
            ),
        }
    }

    /// Whether exporting is the useful answer (the data is safe in memory but could not be written).
    pub fn offers_export(&self) -> bool {
        matches!(
            self,
            StorageError::Quota | StorageError::Unavailable(_) | StorageError::RollbackFailed(_)
        )
    }
}

impl From<StoreError> for StorageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Quota => StorageError::Quota,
            StoreError::Unavailable(detail) => StorageError::Unavailable(detail),
        }
    }
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message_fr())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_own_message_and_answer() {
        assert!(StorageError::Quota.message_fr().contains("plein"));
        assert!(StorageError::Quota.offers_export());
        let conflict = StorageError::Conflict(vec![]);
        assert!(conflict.message_fr().contains("autre onglet"));
        assert!(!conflict.offers_export());
        assert!(StorageError::ReadOnly
            .message_fr()
            .contains("consultation seule"));
        assert!(!StorageError::ReadOnly.offers_export());
        let off = StorageError::from(StoreError::Unavailable("SecurityError".into()));
        assert_eq!(off, StorageError::Unavailable("SecurityError".into()));
        assert!(off.message_fr().contains("SecurityError") && off.offers_export());
    }
}
