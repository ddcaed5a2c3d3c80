//! Training scenarios (formation): a trainer sends one link, each trainee's sandbox gets the same
//! prepared situation and a panel that says what to do, step by step, and checks it.
//!
//! Pure, like the domain it depends on (never the reverse): a scenario is data (static tables of
//! texts, documents and checks) plus a seed built by running the domain's own commands
//! (`graine`); `parcours` holds every decision about a trainee's progress (what a link finds,
//! each step's state, « Vérifier », « Recommencer l'exercice », the trainer doing a step), so
//! that the page only shows and dispatches.
//!
//! Checks are table-driven: each `Controle` reads one field of one object in the sandbox and
//! compares it with the value of a scenario document (the same constant), and one message builder
//! words every result, naming the object and the field.

pub mod bilan;
pub mod comparaison;
pub mod graine;
pub mod parcours;
pub mod qcm;
mod scenarios;

use comparaison::{egal, Format};
use domain::kernel::ids::CompteId;
use domain::{DomainError, Outcome, Sandbox, Timestamp};

/// A command a trainee runs, as the domain decides it: the sandbox, the trainee's account (when
/// the scenario has one) and the sandbox clock's now.
pub type Commande = fn(&Sandbox, Option<&CompteId>, Timestamp) -> Result<Outcome, DomainError>;

/// Reads the value a check compares (`None`: the object does not exist).
pub type Lecture = fn(&Sandbox, Option<&CompteId>) -> Option<String>;

/// The side(s) of the portal a scenario plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cotes {
    Fournisseur,
    EntitePublique,
    LesDeux,
}

impl Cotes {
    pub fn label(self) -> &'static str {
        match self {
            Cotes::Fournisseur => "Fournisseur",
            Cotes::EntitePublique => "Entité publique",
            Cotes::LesDeux => "Fournisseur et entité publique",
        }
    }
}

/// A document the trainee reads the data from (a bon de commande, a fiche d'identité…): its
/// values are the very constants the checks compare with.
pub struct Document {
    pub titre: &'static str,
    /// Who issued it (« Ville de Rivebelle — service des achats »).
    pub emetteur: &'static str,
    /// (label, value) lines, in the document's order.
    pub lignes: &'static [(&'static str, &'static str)],
}

/// One sub-result of a check: one field of one object compared with a document's value.
pub struct Controle {
    /// The object, as the portal names it (« Fiche structure », « Service ATELIER »).
    pub objet: &'static str,
    /// The field (« Téléphone », « Libellé »).
    pub champ: &'static str,
    /// The expected value (a document's constant).
    pub attendu: &'static str,
    pub format: Format,
    pub lire: Lecture,
}

/// A check's sub-result, in French.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Critere {
    pub ok: bool,
    pub message: String,
}

impl Controle {
    pub fn evaluer(&self, sb: &Sandbox, compte: Option<&CompteId>) -> Critere {
        critere(self, (self.lire)(sb, compte))
    }
}

/// The one message builder of every check.
pub fn critere(c: &Controle, trouve: Option<String>) -> Critere {
    let (objet, champ, attendu) = (c.objet, c.champ, c.attendu);
    match trouve {
        Some(t) if egal(c.format, attendu, &t) => Critere {
            ok: true,
            message: format!("{objet} — {champ} : « {} ».", t.trim()),
        },
        Some(t) if t.trim().is_empty() => Critere {
            ok: false,
            message: format!("{objet} — {champ} : non renseigné (attendu : « {attendu} »)."),
        },
        Some(t) => Critere {
            ok: false,
            message: format!(
                "{objet} — {champ} : « {} » au lieu de « {attendu} ».",
                t.trim()
            ),
        },
        None => Critere {
            ok: false,
            message: format!("{objet} — {champ} : introuvable (attendu : « {attendu} »)."),
        },
    }
}

/// A typical mistake: what a trainee often does instead, and the message that must name it
/// (refused by the domain itself, or named by the check).
pub struct ErreurType {
    pub commandes: &'static [Commande],
    pub message: &'static str,
}

pub struct Etape {
    pub titre: &'static str,
    pub consigne: &'static str,
    pub indice: &'static str,
    pub solution: &'static str,
    pub controles: &'static [Controle],
    /// What a correct trainee runs (used by the tests, « Recommencer l'exercice » for the earlier
    /// exercises, and the trainer's « Faire l'étape à la place du stagiaire »).
    pub resoudre: &'static [Commande],
    pub erreur: ErreurType,
}

impl Etape {
    /// The ordered sub-results of the check: passed when all are.
    pub fn verifier(&self, sb: &Sandbox, compte: Option<&CompteId>) -> Vec<Critere> {
        self.controles
            .iter()
            .map(|c| c.evaluer(sb, compte))
            .collect()
    }
}

pub struct Exercice {
    pub titre: &'static str,
    pub etapes: &'static [Etape],
}

/// A seed: the records a scenario starts from, and the trainee's account (none when the trainee
/// creates it).
pub struct Graine {
    pub records: Vec<domain::Record>,
    pub compte: Option<CompteId>,
}

pub struct Scenario {
    /// Stable id, in links (`#/scenario/<id>/<version>`).
    pub id: &'static str,
    pub version: u32,
    pub titre: &'static str,
    /// Written as observable behaviour (« saisir une facture conforme… »).
    pub objectifs: &'static [&'static str],
    pub duree_minutes: u32,
    pub cotes: Cotes,
    pub documents: &'static [Document],
    /// The seed as shipped: text lines (`graine::charger`), so that the app carries data rather
    /// than the code that builds it.
    pub graine: &'static str,
    /// What builds that seed by running the domain's own commands (`graine::Atelier`): compiled
    /// with the `verification` feature only (the tests check that it yields `graine` exactly).
    pub constructeur: Option<fn() -> Result<Graine, DomainError>>,
    pub exercices: &'static [Exercice],
}

impl Scenario {
    /// The seed's records and the trainee's account.
    pub fn graine(&self) -> Result<Graine, DomainError> {
        graine::charger(self.graine)
    }

    /// Every step, exercises one after the other: (exercise index, step).
    pub fn etapes(&self) -> impl Iterator<Item = (usize, &'static Etape)> + '_ {
        self.exercices
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.etapes.iter().map(move |s| (i, s)))
    }

    pub fn nombre_etapes(&self) -> usize {
        self.exercices.iter().map(|e| e.etapes.len()).sum()
    }

    /// « 2 h 30 », « 45 min ».
    pub fn duree(&self) -> String {
        duree_fr(u64::from(self.duree_minutes))
    }
}

/// A duration in minutes, in French.
pub fn duree_fr(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// Every scenario, in the order of a course day.
pub fn catalogue() -> &'static [Scenario] {
    &scenarios::CATALOGUE
}

/// The scenario with this id.
pub fn scenario(id: &str) -> Option<&'static Scenario> {
    catalogue().iter().find(|s| s.id == id)
}
