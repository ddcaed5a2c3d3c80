//! Building a seed: the domain's own commands run on a fixed clock, each generated id renamed at
//! once, in order of appearance, to `<prefix>-<n>`, so that the same scenario always yields the
//! same records (ids are random by design: two tabs creating records must never collide).
//!
//! The app does not run that code: each scenario ships its seed as text (`src/graines/<id>.txt`,
//! written by [`ecrire`], read by [`charger`]): a first line `compte<TAB><id>` (the trainee's
//! account, empty when the trainee creates it), then one record a line,
//! `<collection><TAB><id><TAB><JSON>`. The tests build every seed and check that its text is
//! exactly the shipped one (`FORMATION_ECRIRE_GRAINES=1` rewrites the files).

use crate::Graine;
use chrono::{TimeZone, Utc};
use domain::compte::{Compte, StatutCompte};
use domain::kernel::ids::CompteId;
use domain::sandbox::{Change, Collection, Record, RecordKey};
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::rc::Rc;

/// The instant every seed is built at (the records' dates).
pub fn instant() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

/// An Argon2id hash of the demo password (« Bac-a-sable-2026 », shown on the login page): the
/// trainee accounts of the seeds use it, so that the same link gives the same records.
pub const EMPREINTE_MOT_DE_PASSE: &str = "$argon2id$v=19$m=19456,t=2,p=1$84/DniGKSbYVAiWFTGRxPA$v+s8A33oZe/4pkyhvwDwcYe+lCMbN8YlQRLanJQHPTE";

/// A seed being built.
pub struct Atelier {
    pub sb: Sandbox,
    prefixe: &'static str,
    /// (generated id, deterministic name), in order of appearance: a few dozen at most, a plain
    /// list keeps the bundle free of a hash map instantiation.
    noms: Vec<(String, String)>,
}

impl Atelier {
    pub fn new(prefixe: &'static str) -> Atelier {
        Atelier {
            sb: domain::simulation::base::sandbox(),
            prefixe,
            noms: Vec::new(),
        }
    }

    /// An active account with a fixed id (`<prefix>-<suffix>`), the demo password, working for
    /// no structure yet.
    pub fn compte(&mut self, suffixe: &str, prenom: &str, nom: &str, email: &str) -> CompteId {
        let id = CompteId(format!("{}-{suffixe}", self.prefixe));
        self.sb.put(Record::Compte(Rc::new(Compte {
            id: id.clone(),
            login_email: email.to_string(),
            contact_email: email.to_string(),
            nom: nom.to_string(),
            prenom: prenom.to_string(),
            telephone: None,
            password_hash: EMPREINTE_MOT_DE_PASSE.to_string(),
            status: StatutCompte::Actif,
            created_at: instant(),
            activated_at: Some(instant()),
            last_login_at: None,
            link: None,
            structure_courante: None,
            notifications_factures: true,
        })));
        id
    }

    /// Runs a command at the seed's instant, renames the ids it generated, applies its changes.
    pub fn run(
        &mut self,
        commande: &dyn Fn(&Sandbox, Timestamp) -> Result<Outcome, DomainError>,
    ) -> Result<(), DomainError> {
        self.run_a(commande, instant())
    }

    /// Runs a command at `at` (a later instant of the seed's story: the simulated recipient
    /// acting a day after a deposit…).
    pub fn run_a(
        &mut self,
        commande: &dyn Fn(&Sandbox, Timestamp) -> Result<Outcome, DomainError>,
        at: Timestamp,
    ) -> Result<(), DomainError> {
        let out = commande(&self.sb, at)?;
        let mut changes = Vec::with_capacity(out.changes.len());
        for c in &out.changes {
            changes.push(self.renommer(c)?);
        }
        self.sb.apply(&changes);
        Ok(())
    }

    fn renommer(&mut self, change: &Change) -> Result<Change, DomainError> {
        match change {
            Change::Put(record) => {
                let key = record.key();
                let json = self.texte(&record.to_json());
                let key = RecordKey::new(key.collection, self.texte(&key.id));
                let record = Record::from_json(&key, &json).map_err(DomainError::Rule)?;
                Ok(Change::Put(empreinte_recalculee(record)))
            }
            Change::Delete(key) => Ok(Change::Delete(RecordKey::new(
                key.collection,
                self.texte(&key.id),
            ))),
        }
    }

    /// Replaces every generated id (a run of exactly 16 lower-case hex digits between
    /// non-alphanumeric characters) by its deterministic name.
    fn texte(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut run = String::new();
        let mut before_ok = true;
        for c in s.chars().chain(std::iter::once('\u{0}')) {
            if c.is_ascii_digit() || ('a'..='f').contains(&c) {
                if run.is_empty() {
                    before_ok = out.chars().last().is_none_or(separateur);
                }
                run.push(c);
                continue;
            }
            if !run.is_empty() {
                if run.len() == 16 && before_ok && separateur(c) && !c.is_alphanumeric() {
                    let i = match self.noms.iter().position(|(id, _)| *id == run) {
                        Some(i) => i,
                        None => {
                            let n = self.noms.len() + 1;
                            let nom = format!("{}-{n:03}", self.prefixe);
                            self.noms.push((run.clone(), nom));
                            n - 1
                        }
                    };
                    if let Some((_, nom)) = self.noms.get(i) {
                        out.push_str(nom);
                    }
                } else {
                    out.push_str(&run);
                }
                run.clear();
            }
            if c != '\u{0}' {
                out.push(c);
            }
        }
        out
    }

    /// The seed: every record that differs from the shipped base.
    pub fn fin(self, compte: Option<CompteId>) -> Graine {
        Graine {
            records: self.sb.records(),
            compte,
        }
    }
}

/// A seed as text (see the module's documentation).
pub fn ecrire(g: &Graine) -> String {
    let mut texte = format!(
        "compte\t{}\n",
        g.compte.as_ref().map(|c| c.0.as_str()).unwrap_or_default()
    );
    for r in &g.records {
        let key = r.key();
        texte.push_str(&format!(
            "{}\t{}\t{}\n",
            key.collection.name(),
            key.id,
            r.to_json()
        ));
    }
    texte
}

/// Reads a seed written by [`ecrire`]; a malformed line is refused, nothing panics.
pub fn charger(texte: &str) -> Result<Graine, DomainError> {
    let invalide = || DomainError::Rule("La graine du scénario est illisible.".into());
    let mut lignes = texte.lines();
    let compte = lignes
        .next()
        .and_then(|l| l.strip_prefix("compte\t"))
        .ok_or_else(invalide)?;
    let compte = (!compte.is_empty()).then(|| CompteId(compte.to_string()));
    let mut records = Vec::new();
    for ligne in lignes {
        let mut champs = ligne.splitn(3, '\t');
        let (Some(collection), Some(id), Some(json)) =
            (champs.next(), champs.next(), champs.next())
        else {
            return Err(invalide());
        };
        let collection = Collection::from_name(collection).ok_or_else(invalide)?;
        let record =
            Record::from_json(&RecordKey::new(collection, id), json).map_err(DomainError::Rule)?;
        records.push(record);
    }
    Ok(Graine { records, compte })
}

/// The certificat de dépôt's fingerprint covers the invoice's id: computed again once the id
/// is renamed.
fn empreinte_recalculee(record: Record) -> Record {
    match record {
        Record::Facture(f) if !f.empreinte.is_empty() => match f.depose_le() {
            Some(depot) => {
                let mut g = (*f).clone();
                g.empreinte = domain::facturation::certificat::empreinte(&g, depot);
                Record::Facture(Rc::new(g))
            }
            None => Record::Facture(f),
        },
        r => r,
    }
}

/// What may surround a generated id (JSON quotes, an address's slash or hyphen…), and not a
/// password hash's base64 (`$`, `+`, `/`… are excluded by requiring no letter or digit, `$` or `+`).
fn separateur(c: char) -> bool {
    !c.is_alphanumeric() && c != '$' && c != '+' && c != '='
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_renamed_in_order_and_consistently() {
        let mut a = Atelier::new("t");
        let s = a.texte(r#"{"id":"0123456789abcdef","r":"fedcba9876543210","x":"0123456789abcdef","long":"0123456789abcdef0","h":"$x+0123456789abcdef"}"#);
        assert_eq!(
            s,
            r#"{"id":"t-001","r":"t-002","x":"t-001","long":"0123456789abcdef0","h":"$x+0123456789abcdef"}"#
        );
        assert_eq!(a.texte("#/factures/fedcba9876543210"), "#/factures/t-002");
    }
}
