//! The Messagerie: every e-mail the portal would send, delivered to a simulated inbox per address.
//! Nothing is ever sent outside the browser.

use crate::kernel::error::DomainError;
use crate::kernel::ids::{AccountId, MailId};
use crate::kernel::time::Timestamp;
use crate::sandbox::{Collection, Outcome, Record, RecordKey, Sandbox};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The sender shown on every mail: clearly fictitious.
pub const SENDER: &str = "ne-pas-repondre@bac-a-sable.invalid";

/// What a link in a mail leads to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "token")]
pub enum MailLink {
    Activation(String),
    ReinitialisationMotDePasse(String),
    Reactivation(String),
}

impl MailLink {
    pub fn label(&self) -> &'static str {
        match self {
            MailLink::Activation(_) => "Activer mon compte",
            MailLink::ReinitialisationMotDePasse(_) => "Choisir un nouveau mot de passe",
            MailLink::Reactivation(_) => "Réactiver mon compte",
        }
    }

    pub fn token(&self) -> &str {
        match self {
            MailLink::Activation(t)
            | MailLink::ReinitialisationMotDePasse(t)
            | MailLink::Reactivation(t) => t,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub id: MailId,
    /// Recipient address (lower case).
    pub to: String,
    /// The account the mail is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    pub subject: String,
    pub body: String,
    #[serde(with = "crate::kernel::time::millis")]
    pub sent_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<MailLink>,
    #[serde(default)]
    pub read: bool,
}

impl Mail {
    pub fn new(
        to: &str,
        account: Option<&AccountId>,
        subject: impl Into<String>,
        body: impl Into<String>,
        now: Timestamp,
    ) -> Mail {
        Mail {
            id: MailId::generate(),
            to: to.to_lowercase(),
            account: account.cloned(),
            subject: subject.into(),
            body: body.into(),
            sent_at: now,
            link: None,
            read: false,
        }
    }

    pub fn with_link(mut self, link: MailLink) -> Mail {
        self.link = Some(link);
        self
    }
}

/// Mails of one address, newest first.
pub fn inbox<'a>(sb: &'a Sandbox, address: &str) -> Vec<&'a Rc<Mail>> {
    let address = address.to_lowercase();
    let mut mails: Vec<&Rc<Mail>> = sb.mails.values().filter(|m| m.to == address).collect();
    mails.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then(b.id.cmp(&a.id)));
    mails
}

/// Every address that received mail, with its count of unread mails, sorted by address.
pub fn mailboxes(sb: &Sandbox) -> Vec<(String, usize)> {
    let mut boxes: std::collections::BTreeMap<&str, usize> = Default::default();
    for m in sb.mails.values() {
        *boxes.entry(m.to.as_str()).or_default() += usize::from(!m.read);
    }
    boxes.into_iter().map(|(a, n)| (a.to_string(), n)).collect()
}

pub fn mark_read(sb: &Sandbox, id: &MailId) -> Result<Outcome, DomainError> {
    let mail = find(sb, id)?;
    if mail.read {
        return Ok(Outcome::new());
    }
    let mut updated = (**mail).clone();
    updated.read = true;
    Ok(Outcome::new().put(Record::Mail(Rc::new(updated))))
}

pub fn delete(sb: &Sandbox, id: &MailId) -> Result<Outcome, DomainError> {
    find(sb, id)?;
    Ok(Outcome::new().delete(RecordKey::new(Collection::Mail, id.as_str())))
}

fn find<'a>(sb: &'a Sandbox, id: &MailId) -> Result<&'a Rc<Mail>, DomainError> {
    sb.mails
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

    fn with_mails(mails: Vec<Mail>) -> Sandbox {
        let mut sb = crate::simulation::base::sandbox();
        for m in mails {
            sb.put(Record::Mail(Rc::new(m)));
        }
        sb
    }

    #[test]
    fn inbox_is_per_address_newest_first() {
        let sb = with_mails(vec![
            Mail::new("A@x.fr", None, "un", "", t(8)),
            Mail::new("a@x.fr", None, "deux", "", t(9)),
            Mail::new("b@x.fr", None, "autre", "", t(10)),
        ]);
        let subjects: Vec<&str> = inbox(&sb, "a@X.fr")
            .iter()
            .map(|m| m.subject.as_str())
            .collect();
        assert_eq!(subjects, vec!["deux", "un"]);
        assert_eq!(
            mailboxes(&sb),
            vec![("a@x.fr".to_string(), 2), ("b@x.fr".to_string(), 1)]
        );
    }

    #[test]
    fn mark_read_and_delete() {
        let mail = Mail::new("a@x.fr", None, "un", "", t(8));
        let id = mail.id.clone();
        let mut sb = with_mails(vec![mail]);
        let out = mark_read(&sb, &id).unwrap();
        sb.apply(&out.changes);
        assert!(sb.mails[&id].read);
        assert_eq!(mailboxes(&sb), vec![("a@x.fr".to_string(), 0)]);
        assert!(
            mark_read(&sb, &id).unwrap().changes.is_empty(),
            "no write when already read"
        );
        let out = delete(&sb, &id).unwrap();
        sb.apply(&out.changes);
        assert!(sb.mails.is_empty());
        assert!(matches!(delete(&sb, &id), Err(DomainError::NotFound(_))));
    }
}
