//! Typed domain errors, each carrying the French message shown to the trainee.

use std::borrow::Cow;
use std::fmt;

/// An error attached to one form field (the field's stable name, used by the UI to place it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// A fixed name, or a built one for repeated fields (`ligne-2-quantite`).
    pub field: Cow<'static, str>,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
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
    pub fn field(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        DomainError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The message for a given field, if any.
    pub fn for_field(&self, field: &str) -> Option<&str> {
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

    pub fn check(&mut self, field: impl Into<Cow<'static, str>>, result: Result<(), String>) {
        if let Err(message) = result {
            self.push(field, message);
        }
    }

    pub fn push(&mut self, field: impl Into<Cow<'static, str>>, message: impl Into<String>) {
        let field = field.into();
        if !self.errors.iter().any(|e| e.field == field) {
            self.errors.push(FieldError::new(field, message));
        }
    }

    pub fn has(&self, field: &str) -> bool {
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
