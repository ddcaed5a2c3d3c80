//! « Tableau de bord » of a structure: its invoices counted per status on both sides (sent as
//! supplier, received as recipient), and what awaits its action. Pure: read-only over the sandbox.

use crate::compte::Compte;
use crate::facturation::facture::{Facture, Statut};
use crate::kernel::ids::{FactureId, StructureId};
use crate::kernel::money::Montant;
use crate::kernel::text::pluriel;
use crate::organisation::droits::Action;
use crate::organisation::rattachement::{may, structure_de_travail};
use crate::organisation::structure::Structure;
use crate::sandbox::Sandbox;
use std::rc::Rc;

/// The invoices of one status: how many, and their total TTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LigneStatut {
    pub statut: Statut,
    pub nombre: usize,
    /// Sum of the invoices' « Total TTC » (exact, in cents).
    pub montant_ttc: Montant,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tableau {
    /// Invoices sent by the structure (emetteur), per status in [`Statut::ALL`] order, only the
    /// statuses with at least one invoice. Drafts are not here (see `brouillons`); treated
    /// rejections are (they are still REJETEE).
    pub emises: Vec<LigneStatut>,
    /// Drafts of the structure.
    pub brouillons: usize,
    /// Invoices whose destinataire is the structure (never drafts), same order and rule.
    pub recues: Vec<LigneStatut>,
    /// Supplier side, awaiting its action: A_RECYCLER, SUSPENDUE, and REJETEE whose rejection has
    /// not been treated yet; oldest current state first.
    pub a_traiter_fournisseur: Vec<FactureId>,
    /// Recipient side, awaiting its action: MISE_A_DISPOSITION and COMPLETEE; oldest current
    /// state first.
    pub a_traiter_destinataire: Vec<FactureId>,
    /// Sent invoices whose rejection or suspension the supplier has not acknowledged yet.
    pub a_acquitter: usize,
}

/// Number of invoices and total TTC of a side (a table's « Total » row).
pub fn total(lignes: &[LigneStatut]) -> (usize, Montant) {
    let nombre = lignes.iter().map(|l| l.nombre).sum();
    let somme: i128 = lignes.iter().map(|l| i128::from(l.montant_ttc.0)).sum();
    (nombre, sature(somme))
}

fn sature(v: i128) -> Montant {
    Montant(v.clamp(i64::MIN.into(), i64::MAX.into()) as i64)
}

/// The supplier has to act on it: recycle, complete, or treat the rejection.
pub fn attend_fournisseur(f: &Facture) -> bool {
    match f.statut {
        Statut::ARecycler | Statut::Suspendue => true,
        Statut::Rejetee => !f.rejet_traite(),
        _ => false,
    }
}

/// The recipient has to act on it: a new invoice, or one the supplier completed.
pub fn attend_destinataire(f: &Facture) -> bool {
    matches!(f.statut, Statut::MiseADisposition | Statut::Completee)
}

pub fn tableau(sb: &Sandbox, structure: &StructureId) -> Tableau {
    let mut emises: Vec<&Rc<Facture>> = Vec::new();
    let mut recues: Vec<&Rc<Facture>> = Vec::new();
    let mut brouillons = 0;
    for f in sb.factures.values() {
        if &f.emetteur == structure {
            if f.is_draft() {
                brouillons += 1;
            } else {
                emises.push(f);
            }
        }
        if f.parvenue() && f.destinataire.as_ref() == Some(structure) {
            recues.push(f);
        }
    }
    Tableau {
        emises: par_statut(&emises),
        brouillons,
        recues: par_statut(&recues),
        a_traiter_fournisseur: plus_anciennes(&emises, attend_fournisseur),
        a_traiter_destinataire: plus_anciennes(&recues, attend_destinataire),
        a_acquitter: emises.iter().filter(|f| f.a_acquitter()).count(),
    }
}

/// Counts and sums per status, in [`Statut::ALL`] order, empty statuses left out.
fn par_statut(factures: &[&Rc<Facture>]) -> Vec<LigneStatut> {
    Statut::ALL
        .into_iter()
        .filter_map(|statut| {
            let mut nombre = 0;
            // Exact in i128 whatever the number of invoices; saturates only beyond i64.
            let mut somme: i128 = 0;
            for f in factures.iter().filter(|f| f.statut == statut) {
                nombre += 1;
                somme += i128::from(f.totaux().total_ttc.0);
            }
            (nombre > 0).then(|| LigneStatut {
                statut,
                nombre,
                montant_ttc: sature(somme),
            })
        })
        .collect()
}

/// The ids of the invoices matching `keep`, oldest current state first (ties by id, stable).
fn plus_anciennes(factures: &[&Rc<Facture>], keep: fn(&Facture) -> bool) -> Vec<FactureId> {
    let mut out: Vec<&Rc<Facture>> = factures.iter().copied().filter(|f| keep(f)).collect();
    out.sort_by(|a, b| {
        a.date_etat_courant()
            .cmp(&b.date_etat_courant())
            .then_with(|| a.id.cmp(&b.id))
    });
    out.into_iter().map(|f| f.id.clone()).collect()
}

/// Something the connected user can do now, on the home page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tache {
    /// Received invoices to treat (mise à disposition, complétée).
    ATraiter(usize),
    /// Sent invoices to rework (à recycler, suspendue, rejet not treated).
    AReprendre(usize),
    /// Rejections or suspensions to acknowledge.
    AAcquitter(usize),
    /// Drafts to complete and send.
    Brouillons(usize),
    /// Sub-contractors' or co-contractors' invoices awaiting the structure's validation.
    AValider(usize),
}

impl Tache {
    /// What the home page says, with French plurals.
    pub fn texte(self) -> String {
        match self {
            Tache::ATraiter(n) => format!(
                "{} à traiter",
                pluriel(n, "facture reçue", "factures reçues")
            ),
            Tache::AReprendre(n) => format!(
                "{} à reprendre (à recycler, suspendue ou rejetée)",
                pluriel(n, "facture émise", "factures émises")
            ),
            Tache::AAcquitter(n) => format!(
                "{} à acquitter",
                pluriel(n, "rejet ou suspension", "rejets ou suspensions")
            ),
            Tache::Brouillons(n) => format!(
                "{} à compléter et envoyer",
                pluriel(n, "brouillon", "brouillons")
            ),
            Tache::AValider(n) => format!(
                "{} de sous-traitant ou de cotraitant à valider",
                pluriel(n, "facture", "factures")
            ),
        }
    }
}

/// The home page after login: the structure de travail and what awaits the user there, only
/// what their habilitations let them see; nothing to do is an empty list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AFaire {
    pub structure: Option<Rc<Structure>>,
    pub taches: Vec<Tache>,
}

pub fn a_faire(sb: &Sandbox, account: &Compte) -> AFaire {
    let Some(structure) = structure_de_travail(sb, account).cloned() else {
        return AFaire::default();
    };
    let t = tableau(sb, &structure.id);
    let peut = |a: Action| may(sb, &account.id, &structure.id, a).is_ok();
    let mut taches = Vec::new();
    if peut(Action::ConsulterFacturesRecues) && !t.a_traiter_destinataire.is_empty() {
        taches.push(Tache::ATraiter(t.a_traiter_destinataire.len()));
    }
    if peut(Action::ConsulterFacturesEmises) {
        if !t.a_traiter_fournisseur.is_empty() {
            taches.push(Tache::AReprendre(t.a_traiter_fournisseur.len()));
        }
        if t.a_acquitter > 0 {
            taches.push(Tache::AAcquitter(t.a_acquitter));
        }
    }
    if peut(Action::EmettreFactures) && t.brouillons > 0 {
        taches.push(Tache::Brouillons(t.brouillons));
    }
    if peut(Action::ConsulterFacturesAValider) {
        let n = sb
            .factures
            .values()
            .filter(|f| {
                crate::facturation::validation::attente(f).is_some_and(|(_, v)| v == &structure.id)
            })
            .count();
        if n > 0 {
            taches.push(Tache::AValider(n));
        }
    }
    AFaire {
        structure: Some(structure),
        taches,
    }
}
