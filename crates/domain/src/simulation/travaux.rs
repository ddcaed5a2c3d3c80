//! The simulated maître d'œuvre and maître d'ouvrage of works dossiers, for a trainee alone: a
//! party nobody works for (or one the trainer left to the simulation, as for the simulated
//! recipients) acts on the sandbox clock. The MOE « récupère » a projet after 1 day and deposits
//! its état d'acompte (or décompte général) with the amounts of the projet after 3 days, within its
//! 7 days; the MOA « récupère » after 1 day and deposits the état d'acompte validé (or décompte
//! général) after 2 days; when a MOE played by a person lets its 7 days pass, a simulated MOA
//! deposits the état d'acompte validé the day after. Each step is dated when it was due.

use crate::facturation::saisie::{numero_deja_utilise, MAX_NUMERO};
use crate::facturation::travaux::{
    enregistrer_depot, prise_en_compte, CadreTravaux, DepotValide, DocumentTravaux, DossierTravaux,
    StatutTravaux,
};
use crate::kernel::error::DomainError;
use crate::kernel::ids::StructureId;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::structure::Comportement;
use crate::sandbox::{Outcome, Record, Sandbox};
use crate::simulation::destinataire::comportement;
use chrono::{Datelike, Duration};
use std::rc::Rc;

/// Days after the deposit when the simulated party « récupère » the document.
pub const JOURS_RECUPERATION: i64 = 1;
/// Days after the projet's deposit when the simulated MOE deposits its document.
pub const JOURS_MOE: i64 = 3;
/// Days after the MOE's document when the simulated MOA deposits its own.
pub const JOURS_MOA: i64 = 2;

/// Whether a simulated agent plays this structure.
pub fn simulee(sb: &Sandbox, s: &StructureId) -> bool {
    sb.structures
        .get(s)
        .is_some_and(|st| st.is_active() && comportement(sb, st) != Comportement::Manuel)
}

enum Etape {
    Recuperer(StatutTravaux),
    Deposer(CadreTravaux, StructureId),
}

fn apres(t: Timestamp, days: i64) -> Option<Timestamp> {
    Duration::try_days(days).and_then(|d| t.checked_add_signed(d))
}

/// The simulated parties' next step on a document, and when it is due.
fn prochaine(
    sb: &Sandbox,
    d: &DossierTravaux,
    doc: &DocumentTravaux,
) -> Option<(Timestamp, Etape)> {
    let moe = simulee(sb, &d.moe);
    let moa = simulee(sb, &d.moa);
    let suivant = doc.cadre.suivant();
    match doc.statut {
        StatutTravaux::MiseADispositionMoe if moe => Some((
            apres(doc.depose_le, JOURS_RECUPERATION)?,
            Etape::Recuperer(StatutTravaux::PriseEnCompteMoe),
        )),
        StatutTravaux::PriseEnCompteMoe if moe => Some((
            apres(doc.depose_le, JOURS_MOE)?,
            Etape::Deposer(suivant?, d.moe.clone()),
        )),
        StatutTravaux::MiseADispositionMoe | StatutTravaux::PriseEnCompteMoe
            if moa && doc.cadre.suivant() == Some(CadreTravaux::A15) =>
        {
            Some((
                apres(doc.echeance_moe()?, 1)?,
                Etape::Deposer(CadreTravaux::A19, d.moa.clone()),
            ))
        }
        StatutTravaux::MiseADispositionMoa if moa => Some((
            apres(doc.depose_le, JOURS_RECUPERATION)?,
            Etape::Recuperer(StatutTravaux::PriseEnCompteMoa),
        )),
        StatutTravaux::PriseEnCompteMoa if moa => Some((
            apres(doc.depose_le, JOURS_MOA)?,
            Etape::Deposer(suivant?, d.moa.clone()),
        )),
        _ => None,
    }
}

/// A number for the simulated party's document, free among the supplier's invoices when it
/// reaches the financial service.
fn numero(
    sb: &Sandbox,
    d: &DossierTravaux,
    doc: &DocumentTravaux,
    cadre: CadreTravaux,
    at: Timestamp,
) -> String {
    let prefixe = match cadre {
        CadreTravaux::A15 => "EA",
        CadreTravaux::A19 => "EAV",
        _ => "DG",
    };
    let base: String = format!("{prefixe}-{}", doc.numero)
        .chars()
        .take(MAX_NUMERO.saturating_sub(3))
        .collect();
    let emetteur = d.origine(doc).deposant.clone();
    let annee = paris_date(at).year();
    let pris = |n: &str| {
        d.documents.iter().any(|x| x.numero.eq_ignore_ascii_case(n))
            || numero_deja_utilise(sb, &emetteur, n, annee, None)
    };
    let mut n = base.clone();
    let mut k = 2;
    while pris(&n) && k < 100 {
        n = format!("{base}-{k}");
        k += 1;
    }
    n
}

/// Lets the simulated MOE and MOA act on every document whose delay has passed.
pub fn simuler(sb: &Sandbox, now: Timestamp) -> Result<Outcome<usize>, DomainError> {
    let mut work = sb.clone();
    let mut out = Outcome::new();
    let mut steps = 0;
    for id in sb.travaux.keys() {
        // Bounded: a dossier gains at most two simulated steps per document.
        for _ in 0..100 {
            let Some(d) = work.travaux.get(id).cloned() else {
                break;
            };
            let next = d
                .documents
                .iter()
                .filter_map(|doc| prochaine(&work, &d, doc).map(|(due, e)| (due, e, doc)))
                .filter(|(due, _, _)| *due <= now)
                .min_by_key(|(due, _, _)| *due);
            let Some((due, etape, doc)) = next else {
                break;
            };
            let o = match etape {
                Etape::Recuperer(statut) => Outcome::new().put(Record::Travaux(Rc::new(
                    prise_en_compte(&d, doc.clone(), statut, None, due),
                ))),
                Etape::Deposer(cadre, structure) => {
                    let depot = DepotValide {
                        structure,
                        cadre,
                        associe_a: Some(doc.id.clone()),
                        numero: numero(&work, &d, doc, cadre, due),
                        montants: doc.montants,
                        correction: String::new(),
                        piece: None,
                        par: None,
                    };
                    enregistrer_depot(&work, &d, depot, due).0
                }
            };
            work.apply(&o.changes);
            out.changes.extend(o.changes);
            out.reads.extend(o.reads);
            steps += 1;
        }
    }
    // One write per record: the last version of each.
    let mut seen = std::collections::BTreeSet::new();
    let mut changes: Vec<_> = out
        .changes
        .into_iter()
        .rev()
        .filter(|c| seen.insert(c.key()))
        .collect();
    changes.reverse();
    out.changes = changes;
    Ok(out.with_value(steps))
}
