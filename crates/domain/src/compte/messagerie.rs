//! The Messagerie: every e-mail the portal would send, delivered to a simulated inbox per address.
//! Nothing is ever sent outside the browser.

use crate::kernel::error::DomainError;
use crate::kernel::ids::{CompteId, CourrielId};
use crate::kernel::time::Timestamp;
use crate::sandbox::{Collection, Outcome, Record, RecordKey, Sandbox};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The sender shown on every mail: clearly fictitious.
pub const SENDER: &str = "ne-pas-repondre@bac-a-sable.invalid";

/// What a link in a mail leads to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "token")]
pub enum LienCourriel {
    Activation(String),
    ReinitialisationMotDePasse(String),
    Reactivation(String),
}

impl LienCourriel {
    pub fn label(&self) -> &'static str {
        match self {
            LienCourriel::Activation(_) => "Activer mon compte",
            LienCourriel::ReinitialisationMotDePasse(_) => "Choisir un nouveau mot de passe",
            LienCourriel::Reactivation(_) => "Réactiver mon compte",
        }
    }

    pub fn token(&self) -> &str {
        match self {
            LienCourriel::Activation(t)
            | LienCourriel::ReinitialisationMotDePasse(t)
            | LienCourriel::Reactivation(t) => t,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Courriel {
    pub id: CourrielId,
    /// Recipient address (lower case).
    pub to: String,
    /// The account the mail is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<CompteId>,
    pub subject: String,
    pub body: String,
    #[serde(with = "crate::kernel::time::millis")]
    pub sent_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<LienCourriel>,
    #[serde(default)]
    pub read: bool,
}

impl Courriel {
    pub fn new(
        to: &str,
        account: Option<&CompteId>,
        subject: impl Into<String>,
        body: impl Into<String>,
        now: Timestamp,
    ) -> Courriel {
        Courriel {
            id: CourrielId::generate(),
            to: to.to_lowercase(),
            account: account.cloned(),
            subject: subject.into(),
            body: body.into(),
            sent_at: now,
            link: None,
            read: false,
        }
    }

    pub fn with_link(mut self, link: LienCourriel) -> Courriel {
        self.link = Some(link);
        self
    }
}

/// Mails of one address, newest first.
pub fn boite_de_reception<'a>(sb: &'a Sandbox, address: &str) -> Vec<&'a Rc<Courriel>> {
    let address = address.to_lowercase();
    let mut mails: Vec<&Rc<Courriel>> = sb.courriels.values().filter(|m| m.to == address).collect();
    mails.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then(b.id.cmp(&a.id)));
    mails
}

/// Every address that received mail, with its count of unread mails, sorted by address.
pub fn boites(sb: &Sandbox) -> Vec<(String, usize)> {
    let mut boxes: std::collections::BTreeMap<&str, usize> = Default::default();
    for m in sb.courriels.values() {
        *boxes.entry(m.to.as_str()).or_default() += usize::from(!m.read);
    }
    boxes.into_iter().map(|(a, n)| (a.to_string(), n)).collect()
}

pub fn mark_read(sb: &Sandbox, id: &CourrielId) -> Result<Outcome, DomainError> {
    let mail = find(sb, id)?;
    if mail.read {
        return Ok(Outcome::new());
    }
    let mut updated = (**mail).clone();
    updated.read = true;
    Ok(Outcome::new().put(Record::Courriel(Rc::new(updated))))
}

pub fn delete(sb: &Sandbox, id: &CourrielId) -> Result<Outcome, DomainError> {
    find(sb, id)?;
    Ok(Outcome::new().delete(RecordKey::new(Collection::Courriel, id.as_str())))
}

fn find<'a>(sb: &'a Sandbox, id: &CourrielId) -> Result<&'a Rc<Courriel>, DomainError> {
    sb.courriels
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Ce message n'existe plus.".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn t(h: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).unwrap()
    }

    fn with_mails(mails: Vec<Courriel>) -> Sandbox {
        let mut sb = Sandbox::default();
        for m in mails {
            sb.put(Record::Courriel(Rc::new(m)));
        }
        sb
    }

    #[test]
    fn inbox_is_per_address_newest_first() {
        let sb = with_mails(vec![
            Courriel::new("A@x.fr", None, "un", "", t(8)),
            Courriel::new("a@x.fr", None, "deux", "", t(9)),
            Courriel::new("b@x.fr", None, "autre", "", t(10)),
        ]);
        let subjects: Vec<&str> = boite_de_reception(&sb, "a@X.fr")
            .iter()
            .map(|m| m.subject.as_str())
            .collect();
        assert_eq!(subjects, vec!["deux", "un"]);
        assert_eq!(
            boites(&sb),
            vec![("a@x.fr".to_string(), 2), ("b@x.fr".to_string(), 1)]
        );
    }

    #[test]
    fn mark_read_and_delete() {
        let mail = Courriel::new("a@x.fr", None, "un", "", t(8));
        let id = mail.id.clone();
        let mut sb = with_mails(vec![mail]);
        let out = mark_read(&sb, &id).unwrap();
        sb.apply(&out.changes);
        assert!(sb.courriels[&id].read);
        assert_eq!(boites(&sb), vec![("a@x.fr".to_string(), 0)]);
        assert!(
            mark_read(&sb, &id).unwrap().changes.is_empty(),
            "no write when already read"
        );
        let out = delete(&sb, &id).unwrap();
        sb.apply(&out.changes);
        assert!(sb.courriels.is_empty());
        assert!(matches!(delete(&sb, &id), Err(DomainError::NotFound(_))));
    }
}
