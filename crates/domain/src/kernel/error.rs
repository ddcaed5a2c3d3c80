//! Typed domain errors, each carrying the French message shown to the trainee.

use std::borrow::Cow;
use std::fmt;

/// A form field, as the checks and the forms both name it: its element id in the page and its
/// French label. Each feature declares its fields as constants (`saisie::champs::NUMERO`…), so a
/// check and the input it refers to cannot drift apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Champ {
    pub id: &'static str,
    pub libelle: &'static str,
}

impl Champ {
    pub const fn new(id: &'static str, libelle: &'static str) -> Champ {
        Champ { id, libelle }
    }
}

/// Where a field error lands: a field of the form, or a field of its `numero`-th repeated line
/// (invoice lines, numbered from 1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldId {
    Champ(Champ),
    Ligne { numero: usize, champ: Champ },
}

impl FieldId {
    /// The element id in the page (`ligne-2-quantite` for a line's field).
    pub fn dom_id(&self) -> Cow<'static, str> {
        match self {
            FieldId::Champ(c) => Cow::Borrowed(c.id),
            FieldId::Ligne { numero, champ } => Cow::Owned(format!("ligne-{numero}-{}", champ.id)),
        }
    }

    /// The label shown in the error summary (« Ligne 2 : Quantité »).
    pub fn libelle(&self) -> Cow<'static, str> {
        match self {
            FieldId::Champ(c) => Cow::Borrowed(c.libelle),
            FieldId::Ligne { numero, champ } => {
                Cow::Owned(format!("Ligne {numero} : {}", champ.libelle))
            }
        }
    }
}

impl From<Champ> for FieldId {
    fn from(c: Champ) -> FieldId {
        FieldId::Champ(c)
    }
}

/// An error attached to one form field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: FieldId,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<FieldId>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The line of the error summary: the field's label, then the message — unless the message
    /// already names the field (« Le champ « Nom » est obligatoire. ») or its line, so that no
    /// field is named twice.
    pub fn resume(&self) -> String {
        let libelle = self.field.libelle();
        let deja = match &self.field {
            FieldId::Ligne { .. } => true,
            FieldId::Champ(c) => self
                .message
                .to_lowercase()
                .contains(&c.libelle.to_lowercase()),
        };
        if deja {
            self.message.clone()
        } else {
            format!("{libelle} : {}", self.message)
        }
    }
}

#[cfg(test)]
mod resume_tests {
    use super::*;
    const NOM: Champ = Champ::new("nom", "Nom");
    const CODE: Champ = Champ::new("code", "Code service");

    #[test]
    fn the_summary_names_each_field_once() {
        assert_eq!(
            FieldError::new(NOM, "Le champ « Nom » est obligatoire.").resume(),
            "Le champ « Nom » est obligatoire."
        );
        assert_eq!(
            FieldError::new(CODE, "Ce code existe déjà.").resume(),
            "Code service : Ce code existe déjà."
        );
        assert_eq!(
            FieldError::new(
                FieldId::Ligne {
                    numero: 2,
                    champ: NOM
                },
                "Ligne 2 : la quantité est obligatoire."
            )
            .resume(),
            "Ligne 2 : la quantité est obligatoire."
        );
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainError {
    /// Bad input: one message per faulty field, nothing changed.
    Invalid(Vec<FieldError>),
    /// The acting user may not do this.
    Forbidden(String),
    /// The thing asked for does not exist (any more).
    NotFound(String),
    /// A rule that is not about one field (e.g. an expired link).
    Rule(String),
}

impl DomainError {
    pub fn field(field: impl Into<FieldId>, message: impl Into<String>) -> Self {
        DomainError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The message for a given field, if any.
    pub fn for_field(&self, field: impl Into<FieldId>) -> Option<&str> {
        let field = field.into();
        match self {
            DomainError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.as_str()),
            _ => None,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            DomainError::Invalid(errors) => errors,
            _ => &[],
        }
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::Invalid(errors) => {
                let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                write!(f, "{}", messages.join(" "))
            }
            DomainError::Forbidden(m) | DomainError::NotFound(m) | DomainError::Rule(m) => {
                write!(f, "{m}")
            }
        }
    }
}

impl std::error::Error for DomainError {}

/// Collects field errors while validating a form, then fails once with all of them.
#[derive(Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn check(&mut self, field: impl Into<FieldId>, result: Result<(), String>) {
        if let Err(message) = result {
            self.push(field, message);
        }
    }

    pub fn push(&mut self, field: impl Into<FieldId>, message: impl Into<String>) {
        let field = field.into();
        if !self.errors.iter().any(|e| e.field == field) {
            self.errors.push(FieldError::new(field, message));
        }
    }

    pub fn has(&self, field: impl Into<FieldId>) -> bool {
        let field = field.into();
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.errors))
        }
    }
}
