//! « Cas de synthèse » (mise en situation): a whole case across both sides. As the supplier, an
//! invoice to a buyer whose simulated agent follows the scenario's script, the sandbox clock
//! moved on to see it suspended, completed, then paid; as a public entity's agent, a received
//! invoice treated.

use super::{deposer, deposer_moi, moi, papeterie_avec_compte, sa_structure, Piece};
use crate::comparaison::{identifiant, Format};
use crate::graine::Atelier;
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use domain::compte::par_adresse_de_connexion;
use domain::facturation::cycle::reponses;
use domain::facturation::cycle::traitement::{self, Traitement};
use domain::facturation::facture::Facture;
use domain::kernel::ids::{CompteId, StructureId};
use domain::kernel::time::ClockStep;
use domain::organisation::rattachement;
use domain::organisation::structure::{Reaction, Script};
use domain::simulation::{demo, destinataire, horloge};
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::rc::Rc;

const MINISTERE: &str = "91104732200134";
const UNIVERSITE: &str = "94246602000131";
const NUMERO: &str = "FA-2026-0501";
const RECUE: &str = "FA-2026-0611";
const EJ: &str = "EJ-2026-004518";
const BL: &str = "BL-2026-0433";
const AGENT: &str = "julien.roche@univ-rivebelle.example";
const MOTIF: &str = "Pièce justificative manquante : indiquez le numéro du bon de livraison signé.";

const DOSSIER: Document = Document {
    titre: "Dossier du cas",
    emetteur: "Papeterie du Centre et Université de Rivebelle",
    lignes: &[
        ("Vous êtes d'abord", "Camille Martin, Papeterie du Centre (connectée au départ)"),
        ("Commande à facturer", "Ministère des Essais et de la Simulation — SIRET 911 047 322 00134, service DAF, EJ EJ-2026-004518"),
        ("Numéro de facture", NUMERO),
        ("Ligne", "Cartouches d'encre — 12 × 35,00 € HT — TVA 20 %"),
        ("Bon de livraison signé", BL),
        ("Vous êtes ensuite", "Julien Roche, agence comptable de l'Université de Rivebelle"),
        ("Son adresse de connexion", AGENT),
        ("Son mot de passe", demo::DEMO_PASSWORD),
        ("Facture reçue FA-2026-0611 (EJ EJ-2026-UR-0091)", "portes livrées et réceptionnées le 10/11/2026"),
    ],
};

fn graine() -> Result<Graine, DomainError> {
    let mut a = Atelier::new("cs");
    let (moi, _) = papeterie_avec_compte(&mut a)?;
    // The buyer's script: the DAF suspends the next invoice it receives.
    let ministere = StructureId(format!("annuaire-{MINISTERE}"));
    let daf =
        a.sb.services
            .values()
            .find(|s| s.structure == ministere && s.code == "DAF")
            .map(|s| s.id.clone())
            .ok_or_else(|| DomainError::Rule("Service DAF absent de l'annuaire.".into()))?;
    let script = Script {
        reaction: Reaction::Suspendre,
        motif: MOTIF.to_string(),
    };
    a.run(&|sb, _| destinataire::scripter_service(sb, &daf, Some(script.clone())))?;
    // The public side: Julien Roche, first agent (hence GP) of the university, and an invoice
    // the demo supplier sent it.
    let julien = a.compte("agent", "Julien", "Roche", AGENT);
    let universite = StructureId(format!("annuaire-{UNIVERSITE}"));
    a.run(&|sb, t| {
        rattachement::demander_rattachement(sb, &julien, &universite, &[], "Agence comptable.", t)
            .map(|o| o.with_value(()))
    })?;
    let claire = CompteId::from(demo::ACCOUNTS[0].id);
    let menuiserie = StructureId::from(demo::FOURNISSEUR);
    a.run(&|sb, t| deposer(sb, &claire, &menuiserie, &RECUE_PIECE, t, true))?;
    Ok(a.fin(Some(moi)))
}

const EMISE: Piece = Piece::new(
    NUMERO,
    (MINISTERE, "DAF", EJ),
    &[("Cartouches d'encre", "12", "35,00", "2000")],
);
const RECUE_PIECE: Piece = Piece::new(
    RECUE,
    (UNIVERSITE, "", "EJ-2026-UR-0091"),
    &[("Porte en chêne, fournie et posée", "4", "450,00", "2000")],
);

// Reading the sandbox.

fn emise<'a>(sb: &'a Sandbox, c: Option<&CompteId>) -> Option<&'a Rc<Facture>> {
    let s = sa_structure(sb, c)?;
    sb.factures.values().find(|f| {
        f.emetteur == s.id && !f.is_draft() && identifiant(&f.numero) == identifiant(NUMERO)
    })
}
fn etat_emise(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    emise(sb, c).map(|f| f.statut.label().to_string())
}
fn service_emise(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    emise(sb, c).map(|f| f.code_service.clone())
}
fn ej_emise(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    emise(sb, c).map(|f| f.ej.clone())
}
fn recue(sb: &Sandbox) -> Option<&Rc<Facture>> {
    let u = StructureId(format!("annuaire-{UNIVERSITE}"));
    sb.factures
        .values()
        .find(|f| f.destinataire.as_ref() == Some(&u) && f.numero == RECUE)
}
fn etat_recue(sb: &Sandbox, _: Option<&CompteId>) -> Option<String> {
    recue(sb).map(|f| f.statut.label().to_string())
}

// What a trainee runs.

fn envoyer(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &EMISE, true)
}
fn envoyer_brouillon(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &EMISE, false)
}
fn avancer(sb: &Sandbox, step: ClockStep) -> Result<Outcome, DomainError> {
    horloge::advance(sb, step)
}
fn un_jour(sb: &Sandbox, _: Option<&CompteId>, _: Timestamp) -> Result<Outcome, DomainError> {
    avancer(sb, ClockStep::OneDay)
}
fn une_heure(sb: &Sandbox, _: Option<&CompteId>, _: Timestamp) -> Result<Outcome, DomainError> {
    avancer(sb, ClockStep::OneHour)
}
fn sept_jours(sb: &Sandbox, _: Option<&CompteId>, _: Timestamp) -> Result<Outcome, DomainError> {
    avancer(sb, ClockStep::SevenDays)
}
/// What the app does by itself after a clock change: the simulated recipients act.
fn simuler(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    destinataire::simuler(sb, t).map(|o| o.with_value(()))
}
fn completer(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    let id = emise(sb, c)
        .map(|f| f.id.clone())
        .ok_or_else(|| DomainError::NotFound(format!("Facture {NUMERO} introuvable.")))?;
    reponses::completer(
        sb,
        moi(c)?,
        &id,
        &format!("Bon de livraison signé n° {BL}."),
        &[],
        t,
    )
}
fn traiter_recue(
    sb: &Sandbox,
    t: Timestamp,
    statut: &str,
    motif: &str,
) -> Result<Outcome, DomainError> {
    let agent = par_adresse_de_connexion(sb, AGENT)
        .map(|a| a.id.clone())
        .ok_or_else(|| DomainError::NotFound("Compte de Julien Roche absent.".into()))?;
    let id = recue(sb)
        .map(|f| f.id.clone())
        .ok_or_else(|| DomainError::NotFound(format!("Facture {RECUE} introuvable.")))?;
    let tr = Traitement {
        statut: statut.into(),
        motif: motif.into(),
        mandat: String::new(),
    };
    traitement::traiter(sb, &agent, &[id], &tr, t).map(|o| o.with_value(()))
}
fn service_fait(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    traiter_recue(sb, t, "SERVICE_FAIT", "")
}
fn rejeter(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    traiter_recue(sb, t, "REJETEE", "À vérifier.")
}

const F1: &str = "Facture FA-2026-0501";

pub const SCENARIO: Scenario = Scenario {
    id: "synthese",
    version: 1,
    titre: "Cas de synthèse : une facture de bout en bout, des deux côtés",
    objectifs: &[
        "déposer une facture conforme et suivre son cycle de vie jusqu'à la mise en paiement",
        "répondre à une suspension du destinataire",
        "traiter, côté entité publique, une facture reçue conforme",
    ],
    duree_minutes: 45,
    cotes: Cotes::LesDeux,
    documents: &[DOSSIER],
    graine: include_str!("../graines/synthese.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "Côté fournisseur : déposer",
            etapes: &[Etape {
                titre: "Envoyer FA-2026-0501",
                consigne: "Vous êtes Camille Martin (Papeterie du Centre). Facturez la commande du dossier au Ministère des Essais et de la Simulation : saisissez la facture et envoyez-la.",
                indice: "Le ministère exige un code service et un engagement juridique : ils sont dans le dossier.",
                solution: "Saisir une facture : destinataire 911 047 322 00134, service DAF, EJ EJ-2026-004518, numéro FA-2026-0501, une ligne 12 × 35,00 € à 20 %, puis « Valider et envoyer ».",
                controles: &[
                    Controle { objet: F1, champ: "État", attendu: "Mise à disposition", format: Format::Texte, lire: etat_emise },
                    Controle { objet: F1, champ: "Code service", attendu: "DAF", format: Format::Identifiant, lire: service_emise },
                    Controle { objet: F1, champ: "Engagement juridique", attendu: EJ, format: Format::Identifiant, lire: ej_emise },
                ],
                resoudre: &[envoyer],
                erreur: ErreurType {
                    commandes: erreur!(envoyer_brouillon),
                    message: texte_erreur!("Facture FA-2026-0501 — État : introuvable (attendu : « Mise à disposition »)."),
                },
            }],
        },
        Exercice {
            titre: "Le temps passe : le destinataire répond",
            etapes: &[
                Etape {
                    titre: "Avancer l'horloge d'un jour",
                    consigne: "Le destinataire est simulé : il traite les factures quand l'horloge du bac à sable avance. Dans l'Espace formateur, avancez l'horloge d'un jour, puis regardez ce qu'est devenue FA-2026-0501.",
                    indice: "Espace formateur › Horloge du bac à sable › « Avancer de 1 jour ». L'agent simulé agit un jour après la mise à disposition.",
                    solution: "Espace formateur › Avancer de 1 jour : FA-2026-0501 passe « Suspendue », motif : le numéro du bon de livraison manque.",
                    controles: &[Controle { objet: F1, champ: "État", attendu: "Suspendue", format: Format::Texte, lire: etat_emise }],
                    resoudre: &[un_jour, simuler],
                    erreur: ErreurType {
                        commandes: erreur!(une_heure, simuler),
                        message: texte_erreur!("Facture FA-2026-0501 — État : « Mise à disposition » au lieu de « Suspendue »."),
                    },
                },
                Etape {
                    titre: "Compléter la facture suspendue",
                    consigne: "Lisez le motif de la suspension (historique de la facture) et complétez FA-2026-0501 avec ce qui est demandé.",
                    indice: "Le numéro du bon de livraison signé est dans le dossier. « Compléter » accepte un commentaire.",
                    solution: "FA-2026-0501 › Compléter : « Bon de livraison signé n° BL-2026-0433. ».",
                    controles: &[Controle { objet: F1, champ: "État", attendu: "Complétée", format: Format::Texte, lire: etat_emise }],
                    resoudre: &[completer],
                    erreur: ErreurType {
                        commandes: erreur!(un_jour, simuler),
                        message: texte_erreur!("Facture FA-2026-0501 — État : « Suspendue » au lieu de « Complétée »."),
                    },
                },
                Etape {
                    titre: "Suivre jusqu'à la mise en paiement",
                    consigne: "Avancez l'horloge d'une semaine et suivez la facture : service fait, mandatée, mise en paiement.",
                    indice: "Service fait un jour après la complétion, mandatée deux jours plus tard, mise en paiement trois jours après : une semaine suffit.",
                    solution: "Espace formateur › Avancer de 7 jours : FA-2026-0501 est « Mise en paiement » ; son historique montre chaque étape.",
                    controles: &[Controle { objet: F1, champ: "État", attendu: "Mise en paiement", format: Format::Texte, lire: etat_emise }],
                    resoudre: &[sept_jours, simuler],
                    erreur: ErreurType {
                        commandes: erreur!(un_jour, simuler),
                        message: texte_erreur!("Facture FA-2026-0501 — État : « Service fait » au lieu de « Mise en paiement »."),
                    },
                },
            ],
        },
        Exercice {
            titre: "Côté entité publique : traiter",
            etapes: &[Etape {
                titre: "Service fait pour FA-2026-0611",
                consigne: "Changez de rôle : déconnectez-vous et connectez-vous comme Julien Roche (dossier). Dans Factures reçues, traitez FA-2026-0611, dont la commande est livrée et réceptionnée.",
                indice: "Une facture conforme à une commande livrée appelle « Service fait » ; un rejet serait définitif.",
                solution: "Connecté comme Julien Roche : Factures reçues › FA-2026-0611 › Traiter : « Service fait ».",
                controles: &[Controle { objet: "Facture reçue FA-2026-0611", champ: "État", attendu: "Service fait", format: Format::Texte, lire: etat_recue }],
                resoudre: &[service_fait],
                erreur: ErreurType {
                    commandes: erreur!(rejeter),
                    message: texte_erreur!("Facture reçue FA-2026-0611 — État : « Rejetée » au lieu de « Service fait »."),
                },
            }],
        },
    ],
};
