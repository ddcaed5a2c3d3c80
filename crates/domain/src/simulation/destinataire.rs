//! The simulated recipient for solo practice: the behaviour in force for a public structure, the
//! trainer's choice of it, and the simulated agents' steps on the invoices they receive as the
//! sandbox clock advances (what the recipient does after 1, 3 or 6 days).

use crate::facturation::cycle::transitions::{changer_statut, transition};
use crate::facturation::facture::{EtapeStatut, Facture, Statut};
use crate::facturation::routage::services_actifs;
use crate::facturation::validation;
use crate::kernel::error::DomainError;
use crate::kernel::ids::ServiceId;
use crate::kernel::ids::StructureId;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::droits::Application;
use crate::organisation::structure::{
    Comportement, ParametresDestinataire, Reaction, Script, Service, Structure,
};
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::{Datelike, Duration};
use std::rc::Rc;

/// The behaviour in force: the one chosen for the structure, else « traite normalement » for a
/// structure nobody works for (every annuaire entity a trainee bills alone), else manual.
pub fn comportement(sb: &Sandbox, structure: &Structure) -> Comportement {
    structure.simulation.unwrap_or_else(|| {
        let staffed = sb
            .rattachements
            .values()
            .any(|r| r.structure == structure.id && r.is_validated());
        if staffed {
            Comportement::Manuel
        } else {
            Comportement::TraiteNormalement
        }
    })
}

/// The trainer chooses the simulated recipient's behaviour for a public structure.
pub fn regler_simulation(
    sb: &Sandbox,
    structure: &StructureId,
    c: Comportement,
) -> Result<Outcome, DomainError> {
    let s = sb
        .structures
        .get(structure)
        .ok_or_else(|| DomainError::NotFound("Cette structure n'existe pas.".to_string()))?;
    if !s.is_public() {
        return Err(DomainError::Rule(
            "Seule une structure publique reçoit des factures.".to_string(),
        ));
    }
    if s.simulation == Some(c) {
        return Ok(Outcome::new());
    }
    let mut next = (**s).clone();
    next.simulation = Some(c);
    Ok(Outcome::new().put(Record::Structure(Rc::new(next))))
}

/// A training scenario sets what the simulated agent does with the next invoice addressed to a
/// service (`None` removes the script).
pub fn scripter_service(
    sb: &Sandbox,
    service: &ServiceId,
    script: Option<Script>,
) -> Result<Outcome, DomainError> {
    let s = sb
        .services
        .get(service)
        .ok_or_else(|| DomainError::NotFound("Ce service n'existe plus.".to_string()))?;
    if let Some(sc) = &script {
        crate::kernel::text::required(
            &sc.motif,
            "Motif",
            crate::organisation::structure::MAX_MOTIF_SCRIPT,
        )
        .map_err(DomainError::Rule)?;
    }
    let mut next = (**s).clone();
    next.script = script;
    Ok(Outcome::new().put(Record::Service(Rc::new(next))))
}

/// The scripted service an invoice is addressed to, if its script applies to it: a freshly
/// available invoice. `scripts`: the services holding a script (a handful at most), gathered once
/// per pass rather than searched among every service for every invoice.
fn service_scripte<'a>(
    scripts: &[&'a Rc<Service>],
    f: &Facture,
    dest: &Structure,
) -> Option<&'a Rc<Service>> {
    if f.statut != Statut::MiseADisposition {
        return None;
    }
    scripts
        .iter()
        .find(|s| s.structure == dest.id && s.code == f.code_service)
        .copied()
}

/// The simulated agent's next step on an invoice: (delay after the current status, status,
/// motif or comment).
fn prochaine_etape(
    sb: &Sandbox,
    scripts: &[&Rc<Service>],
    f: &Facture,
    c: Comportement,
    params: &ParametresDestinataire,
    dest: &Structure,
) -> Option<(i64, Statut, Option<String>)> {
    let deja = |s: Statut| f.historique.iter().any(|e| e.statut == s);
    // A scenario's script comes first (used up once it acted, see `simuler`).
    if let Some(script) = service_scripte(scripts, f, dest).and_then(|s| s.script.as_ref()) {
        let statut = match script.reaction {
            Reaction::Suspendre => Statut::Suspendue,
            Reaction::ARecycler => Statut::ARecycler,
            Reaction::Rejeter => Statut::Rejetee,
        };
        return Some((1, statut, Some(script.motif.clone())));
    }
    // The behaviours act on a freshly available invoice, once each.
    if f.statut == Statut::MiseADisposition {
        match c {
            Comportement::RejetteSiEjManquant if f.ej.is_empty() => {
                return Some((1, Statut::Rejetee, Some("Engagement juridique manquant : indiquez le numéro d'engagement juridique communiqué par l'acheteur et déposez une nouvelle facture.".to_string())));
            }
            Comportement::SuspendPourPieceManquante if !deja(Statut::Suspendue) => {
                return Some((
                    1,
                    Statut::Suspendue,
                    Some(
                        "Pièce justificative manquante : joignez le bon de livraison signé."
                            .to_string(),
                    ),
                ));
            }
            Comportement::ARecyclerMauvaisService if !deja(Statut::ARecycler) => {
                let today = paris_date(f.date_etat_courant());
                let autre = services_actifs(sb, &dest.id, today)
                    .into_iter()
                    .find(|s| s.code != f.code_service && !s.gere_par_le_portail())
                    .map(|s| format!(" : adressez la facture au service {}", s.code))
                    .unwrap_or_default();
                return Some((
                    1,
                    Statut::ARecycler,
                    Some(format!("Mauvais service destinataire{autre}.")),
                ));
            }
            _ => {}
        }
    }
    if c == Comportement::Manuel {
        return None;
    }
    let next = match f.statut {
        Statut::MiseADisposition | Statut::Completee => (1, Statut::ServiceFait),
        Statut::ServiceFait => (2, Statut::Mandatee),
        Statut::Mandatee if params.mise_en_paiement_non_remontee => {
            (3, Statut::MiseADispositionComptable)
        }
        Statut::Mandatee => (3, Statut::MiseEnPaiement),
        _ => return None,
    };
    Some((next.0, next.1, None))
}

/// Whether the simulated agent acts for this recipient: an active structure with « Factures
/// reçues ».
fn agit_pour(dest: &Structure) -> bool {
    dest.is_active() && dest.applications.contains(&Application::FacturesRecues)
}

/// Lets the simulated agents act on every invoice whose delay has passed on the sandbox clock;
/// each step is dated when it was due and marked as made by the simulated agent.
pub fn simuler(sb: &Sandbox, now: Timestamp) -> Result<Outcome<usize>, DomainError> {
    let mut out = Outcome::new();
    let mut steps = 0;
    // Gathered once per pass: the cost of a pass stays one look per invoice, whatever the number
    // of services and rattachements (a pass runs after every change).
    let scripts: Vec<&Rc<Service>> = sb
        .services
        .values()
        .filter(|s| s.script.is_some())
        .collect();
    let mut comportements: std::collections::BTreeMap<&StructureId, Comportement> =
        std::collections::BTreeMap::new();
    for f in sb.factures.values() {
        if f.is_draft() || matches!(f.statut, Statut::Rejetee | Statut::MiseEnPaiement) {
            continue;
        }
        // An A9/A12 invoice first passes its valideur (simulated answer, or tacit at 15 days).
        let (mut next, mut mails): (Option<Facture>, Vec<Record>) =
            match validation::avancer(sb, f, now) {
                Some((n, m)) => {
                    steps += 1;
                    (Some(n), m)
                }
                None => (None, Vec::new()),
            };
        let Some(dest) = f.destinataire_dans(sb) else {
            if let Some(n) = next {
                out = out.put(Record::Facture(Rc::new(n))).put_all(mails);
            }
            continue;
        };
        // Nobody acts for a deactivated structure, nor for one that no longer receives invoices.
        if !agit_pour(dest) {
            if let Some(n) = next {
                out = out.put(Record::Facture(Rc::new(n))).put_all(mails);
            }
            continue;
        }
        let c = *comportements
            .entry(&dest.id)
            .or_insert_with(|| comportement(sb, dest));
        // A recipient handled by hand acts only through a scenario's script.
        if c == Comportement::Manuel && !scripts.iter().any(|s| s.structure == dest.id) {
            if let Some(n) = next {
                out = out.put(Record::Facture(Rc::new(n))).put_all(mails);
            }
            continue;
        }
        let params = dest.parametres;
        let mut script_utilise = None;
        loop {
            let current = next.as_ref().unwrap_or(f);
            let Some((days, statut, motif)) =
                prochaine_etape(sb, &scripts, current, c, &params, dest)
            else {
                break;
            };
            // Checked: a date at chrono's limits (refused on import and at load) stops here.
            let Some(due) = Duration::try_days(days)
                .and_then(|d| current.date_etat_courant().checked_add_signed(d))
            else {
                break;
            };
            if due > now || transition(current.statut, statut, &params).is_err() {
                break;
            }
            if script_utilise.is_none() {
                script_utilise = service_scripte(&scripts, current, dest).cloned();
            }
            let mut n = current.clone();
            let mandat = (statut == Statut::Mandatee).then(|| {
                let annee = paris_date(due).year();
                let court: String = f.id.as_str().chars().take(6).collect();
                format!("M-{annee}-{}", court.to_uppercase())
            });
            let etape = EtapeStatut {
                simule: true,
                mandat,
                ..EtapeStatut::new(statut, due, None, motif)
            };
            mails.extend(changer_statut(sb, &mut n, etape));
            next = Some(n);
            steps += 1;
        }
        if let Some(n) = next {
            out = out.put(Record::Facture(Rc::new(n))).put_all(mails);
        }
        // The script acted: used up (two invoices to the same service in one pass are both
        // treated by it; the next ones normally).
        if let Some(s) = script_utilise {
            let mut s = (*s).clone();
            s.script = None;
            out = out.put(Record::Service(Rc::new(s)));
        }
    }
    // The simulated support answers the sollicitations routed to it.
    let support = crate::simulation::support::simuler(sb, now);
    out.changes.extend(support.changes);
    out.reads.extend(support.reads);
    Ok(out.with_value(steps + support.value))
}
