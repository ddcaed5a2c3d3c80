//! « Suivre sa facture côté fournisseur »: three invoices came back from the public buyer, each its
//! own way (the buyer's services follow the scenario's script): a suspension to complete, an
//! « à recycler » to send to the right service, a rejection to acknowledge and treat, then a new
//! invoice with a new number.

use super::{deposer, deposer_moi, moi, papeterie_avec_compte, sa_structure, Piece};
use crate::comparaison::{identifiant, Format};
use crate::graine::{instant, Atelier};
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use chrono::Duration;
use domain::facturation::cycle::reponses::{self, Recyclage};
use domain::facturation::facture::{CodeAction, Facture, Statut};
use domain::kernel::ids::{CompteId, StructureId};
use domain::organisation::structure::{Reaction, Script};
use domain::simulation::destinataire;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::rc::Rc;

const SIRET: &str = "91104732200134";
const EJ: &str = "EJ-2026-004518";
const EJ_COMM: &str = "EJ-2026-004777";
const BL: &str = "BL-2026-0412";
const SUSPENDUE: &str = "FA-2026-0201";
const A_RECYCLER: &str = "FA-2026-0202";
const REJETEE: &str = "FA-2026-0203";
const NOUVELLE: &str = "FA-2026-0204";
const DAF: &str = "DAF";
const COMM: &str = "COMM";
const OUI: &str = "Oui";
const MOTIF_SUSPENSION: &str =
    "Pièce justificative manquante : indiquez le numéro du bon de livraison signé.";
const MOTIF_RECYCLAGE: &str =
    "Mauvais service : cette commande relève de la direction des affaires financières (service DAF).";
const MOTIF_REJET: &str =
    "Quantité erronée : 20 affiches commandées et livrées, non 30. Déposez une nouvelle facture.";

const COURRIER: Document = Document {
    titre: "Retours de l'acheteur et pièces de la commande",
    emetteur: "Ministère des Essais et de la Simulation — et votre dossier de commande",
    lignes: &[
        (
            "FA-2026-0201 (service DAF)",
            "suspendue : il manque le numéro du bon de livraison",
        ),
        ("Numéro du bon de livraison signé", BL),
        (
            "FA-2026-0202 (service IMMO)",
            "à recycler : mauvais service",
        ),
        ("Service qui a passé la commande", DAF),
        (
            "FA-2026-0203 (service COMM, EJ EJ-2026-004777)",
            "rejetée : quantité erronée",
        ),
        (
            "Affiches A2 réellement commandées et livrées",
            "20 × 6,00 € HT, TVA 20 %",
        ),
        ("Numéro de la nouvelle facture", NOUVELLE),
    ],
};

const P1: Piece = Piece::new(
    SUSPENDUE,
    (SIRET, DAF, EJ),
    &[("Ramettes de papier A4 recyclé", "40", "4,50", "2000")],
);
const P2: Piece = Piece::new(
    A_RECYCLER,
    (SIRET, "IMMO", EJ),
    &[("Classeurs à levier", "25", "3,20", "2000")],
);
const P3: Piece = Piece::new(
    REJETEE,
    (SIRET, COMM, EJ_COMM),
    &[("Affiches A2", "30", "6,00", "2000")],
);
const AFFICHES: &[(&str, &str, &str, &str)] = &[("Affiches A2", "20", "6,00", "2000")];
const P4: Piece = Piece::new(NOUVELLE, (SIRET, COMM, EJ_COMM), AFFICHES);
const P4_MEME_NUMERO: Piece = Piece::new(REJETEE, (SIRET, COMM, EJ_COMM), AFFICHES);

fn graine() -> Result<Graine, DomainError> {
    let mut a = Atelier::new("sv");
    let (moi, structure) = papeterie_avec_compte(&mut a)?;
    // The buyer's script: one reaction per service.
    let ministere = StructureId(format!("annuaire-{SIRET}"));
    for (code, reaction, motif) in [
        (DAF, Reaction::Suspendre, MOTIF_SUSPENSION),
        ("IMMO", Reaction::ARecycler, MOTIF_RECYCLAGE),
        (COMM, Reaction::Rejeter, MOTIF_REJET),
    ] {
        let service = a
            .sb
            .services
            .values()
            .find(|s| s.structure == ministere && s.code == code)
            .map(|s| s.id.clone())
            .ok_or_else(|| DomainError::Rule(format!("Service {code} absent de l'annuaire.")))?;
        let script = Script {
            reaction,
            motif: motif.to_string(),
        };
        a.run(&|sb, _| destinataire::scripter_service(sb, &service, Some(script.clone())))?;
    }
    for p in [&P1, &P2, &P3] {
        a.run(&|sb, t| deposer(sb, &moi, &structure, p, t, true))?;
    }
    // Two days later, the buyer's simulated agents have followed the script.
    a.run_a(
        &|sb, t| destinataire::simuler(sb, t).map(|o| o.with_value(())),
        instant() + Duration::days(2),
    )?;
    Ok(a.fin(Some(moi)))
}

// Reading the sandbox.

fn facture<'a>(sb: &'a Sandbox, c: Option<&CompteId>, numero: &str) -> Option<&'a Rc<Facture>> {
    let s = sa_structure(sb, c)?;
    sb.factures
        .values()
        .filter(|f| f.emetteur == s.id && !f.is_draft())
        .filter(|f| identifiant(&f.numero) == identifiant(numero))
        .max_by_key(|f| f.cree_le)
}
fn etat(sb: &Sandbox, c: Option<&CompteId>, numero: &str) -> Option<String> {
    facture(sb, c, numero).map(|f| f.statut.label().to_string())
}
fn etat_suspendue(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    etat(sb, c, SUSPENDUE)
}
fn complement(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    let f = facture(sb, c, SUSPENDUE)?;
    let commentaire = f
        .historique
        .iter()
        .rev()
        .find(|e| e.statut == Statut::Completee)
        .and_then(|e| e.commentaire.clone())
        .unwrap_or_default();
    // The comment may say more than the number: it must contain it.
    Some(if identifiant(&commentaire).contains(&identifiant(BL)) {
        BL.to_string()
    } else {
        commentaire
    })
}
fn service_recyclee(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c, A_RECYCLER).map(|f| f.code_service.clone())
}
fn etat_recyclee(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    etat(sb, c, A_RECYCLER)
}
fn action(sb: &Sandbox, c: Option<&CompteId>, code: CodeAction) -> Option<String> {
    let f = facture(sb, c, REJETEE)?;
    Some(
        if f.actions.iter().any(|a| a.code == code) {
            OUI
        } else {
            "Non"
        }
        .to_string(),
    )
}
fn rejet_acquitte(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    action(sb, c, CodeAction::AcquittementRejet)
}
fn rejet_traite(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    action(sb, c, CodeAction::TraitementRejet)
}
fn nouvelle_service(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c, NOUVELLE).map(|f| f.code_service.clone())
}
fn nouvelle_ht(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c, NOUVELLE).map(|f| f.totaux().total_ht.fr())
}

// What a trainee runs.

fn id_de(
    sb: &Sandbox,
    c: Option<&CompteId>,
    numero: &str,
) -> Result<domain::kernel::ids::FactureId, DomainError> {
    facture(sb, c, numero)
        .map(|f| f.id.clone())
        .ok_or_else(|| DomainError::NotFound(format!("Facture {numero} introuvable.")))
}
fn completer(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    let id = id_de(sb, c, SUSPENDUE)?;
    reponses::completer(
        sb,
        moi(c)?,
        &id,
        "Bon de livraison signé n° BL-2026-0412.",
        &[],
        t,
    )
}
fn acquitter_suspension(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    let id = id_de(sb, c, SUSPENDUE)?;
    reponses::acquitter(sb, moi(c)?, &[id], t).map(|o| o.with_value(()))
}
fn recycler(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
    service: &str,
) -> Result<Outcome, DomainError> {
    let id = id_de(sb, c, A_RECYCLER)?;
    let r = Recyclage {
        destinataire: SIRET.into(),
        code_service: service.into(),
        ej: EJ.into(),
    };
    reponses::recycler(sb, moi(c)?, &id, &r, t)
}
fn recycler_daf(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    recycler(sb, c, t, DAF)
}
fn recycler_sfact(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    recycler(sb, c, t, "SFACT")
}
fn acquitter_rejet(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    let id = id_de(sb, c, REJETEE)?;
    reponses::acquitter(sb, moi(c)?, &[id], t).map(|o| o.with_value(()))
}
fn traiter_rejet(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    let id = id_de(sb, c, REJETEE)?;
    reponses::traiter_rejet(sb, moi(c)?, &[id], t).map(|o| o.with_value(()))
}
fn nouvelle(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &P4, true)
}
fn nouvelle_meme_numero(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &P4_MEME_NUMERO, true)
}

const F1: &str = "Facture FA-2026-0201";
const F2: &str = "Facture FA-2026-0202";
const F3: &str = "Facture FA-2026-0203";
const F4: &str = "Facture FA-2026-0204";

pub const SCENARIO: Scenario = Scenario {
    id: "suivi-fournisseur",
    version: 1,
    titre: "Suivre sa facture côté fournisseur",
    objectifs: &[
        "distinguer une facture suspendue, à recycler et rejetée, et savoir ce que chacune attend",
        "compléter une facture suspendue avec l'information demandée",
        "recycler une facture vers le bon service, sans en changer le numéro",
        "acquitter et traiter un rejet, puis déposer une nouvelle facture sous un nouveau numéro",
    ],
    duree_minutes: 40,
    cotes: Cotes::Fournisseur,
    documents: &[COURRIER],
    graine: include_str!("../graines/suivi-fournisseur.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "La facture suspendue",
            etapes: &[Etape {
                titre: "Compléter FA-2026-0201",
                consigne: "Vous êtes Camille Martin (Papeterie du Centre). Trois factures envoyées au Ministère des Essais et de la Simulation sont revenues. Une facture suspendue est en attente : l'acheteur la garde et attend un complément. Complétez FA-2026-0201 avec ce qui manque (voir les documents).",
                indice: "Factures émises : ouvrez FA-2026-0201 ; son historique donne le motif de la suspension. « Compléter » accepte une pièce jointe ou un commentaire.",
                solution: "FA-2026-0201 › Compléter : commentaire « Bon de livraison signé n° BL-2026-0412. », puis valider. La facture passe « Complétée » et l'acheteur reprend son traitement.",
                controles: &[
                    Controle { objet: F1, champ: "État", attendu: "Complétée", format: Format::Texte, lire: etat_suspendue },
                    Controle { objet: F1, champ: "Complément (commentaire)", attendu: BL, format: Format::Identifiant, lire: complement },
                ],
                resoudre: &[completer],
                erreur: ErreurType {
                    commandes: erreur!(acquitter_suspension),
                    message: texte_erreur!("Facture FA-2026-0201 — État : « Suspendue » au lieu de « Complétée »."),
                },
            }],
        },
        Exercice {
            titre: "La facture à recycler",
            etapes: &[Etape {
                titre: "Recycler FA-2026-0202 vers le bon service",
                consigne: "Une facture « à recycler » n'est pas refusée : elle est mal adressée. Recyclez FA-2026-0202 vers le service qui a passé la commande — même facture, même numéro, nouveau routage.",
                indice: "Sur la facture, « Recycler » ne change que le destinataire, le code service et l'engagement juridique.",
                solution: "FA-2026-0202 › Recycler : destinataire 911 047 322 00134, code service DAF, engagement juridique EJ-2026-004518.",
                controles: &[
                    Controle { objet: F2, champ: "Code service", attendu: DAF, format: Format::Identifiant, lire: service_recyclee },
                    Controle { objet: F2, champ: "État", attendu: "Mise à disposition", format: Format::Texte, lire: etat_recyclee },
                ],
                resoudre: &[recycler_daf],
                erreur: ErreurType {
                    commandes: erreur!(recycler_sfact),
                    message: texte_erreur!("Facture FA-2026-0202 — Code service : « SFACT » au lieu de « DAF »."),
                },
            }],
        },
        Exercice {
            titre: "La facture rejetée",
            etapes: &[
                Etape {
                    titre: "Acquitter et traiter le rejet de FA-2026-0203",
                    consigne: "Un rejet est définitif : la facture ne sera jamais payée. Acquittez le rejet de FA-2026-0203 (vous en avez pris connaissance), puis « Traiter le rejet » pour la sortir de votre synthèse.",
                    indice: "Sur la facture rejetée : « Acquitter », puis « Traiter le rejet ». Le motif du rejet est dans l'historique.",
                    solution: "FA-2026-0203 › Acquitter, puis Traiter le rejet.",
                    controles: &[
                        Controle { objet: F3, champ: "Rejet acquitté", attendu: OUI, format: Format::Texte, lire: rejet_acquitte },
                        Controle { objet: F3, champ: "Rejet traité", attendu: OUI, format: Format::Texte, lire: rejet_traite },
                    ],
                    resoudre: &[acquitter_rejet, traiter_rejet],
                    erreur: ErreurType {
                        commandes: erreur!(acquitter_rejet),
                        message: texte_erreur!("Facture FA-2026-0203 — Rejet traité : « Non » au lieu de « Oui »."),
                    },
                },
                Etape {
                    titre: "Déposer une nouvelle facture",
                    consigne: "Déposez la facture corrigée : une nouvelle facture, avec un nouveau numéro (voir les documents), pour les 20 affiches réellement livrées, au même service et avec le même engagement juridique.",
                    indice: "Un numéro de facture déjà déposé ne peut pas être réutilisé, même après un rejet.",
                    solution: "Saisir une facture : destinataire 911 047 322 00134, service COMM, EJ EJ-2026-004777, numéro FA-2026-0204, une ligne « Affiches A2 » 20 × 6,00 € à 20 %, puis envoyer (total HT 120,00 €).",
                    controles: &[
                        Controle { objet: F4, champ: "Code service", attendu: COMM, format: Format::Identifiant, lire: nouvelle_service },
                        Controle { objet: F4, champ: "Total HT", attendu: "120,00", format: Format::Montant, lire: nouvelle_ht },
                    ],
                    resoudre: &[nouvelle],
                    erreur: ErreurType {
                        commandes: erreur!(nouvelle_meme_numero),
                        message: texte_erreur!(domain::facturation::saisie::NUMERO_DEJA_UTILISE),
                    },
                },
            ],
        },
    ],
};
