//! « Côté entité publique »: an agent of a public entity treats the invoices received — service
//! fait when the order was delivered, a suspension with its motif when a document is missing, a
//! rejection only when the invoice can never be paid — and knows what suppliers must be told.

use super::{deposer, moi, sa_structure, Piece};
use crate::comparaison::{identifiant, texte, Format};
use crate::graine::Atelier;
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use domain::facturation::cycle::traitement::{self, Traitement};
use domain::facturation::facture::Facture;
use domain::kernel::ids::{CompteId, StructureId};
use domain::organisation::rattachement;
use domain::simulation::demo;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::rc::Rc;

const SIRET: &str = "94246602000131";
const LIVREE: &str = "FA-2026-0311";
const INCOMPLETE: &str = "FA-2026-0312";
const ERRONEE: &str = "FA-2026-0313";
const PV: &str = "procès-verbal de réception";
const EJ_INCONNU: &str = "engagement juridique inconnu";

const REGISTRE: Document = Document {
    titre: "Registre des commandes — Université de Rivebelle",
    emetteur: "Université de Rivebelle — agence comptable",
    lignes: &[
        ("EJ-2026-UR-0091 — Menuiserie Durand et Fils", "remplacement de 4 portes : livré et réceptionné le 10/11/2026"),
        ("EJ-2026-UR-0107 — Menuiserie Durand et Fils", "réfection des fenêtres de l'amphithéâtre B : travaux finis, procès-verbal de réception pas encore reçu"),
        ("EJ-2026-UR-0999", "aucun engagement juridique de ce numéro : aucune commande"),
        ("À dire aux fournisseurs", "SIRET 942 466 020 00131 ; engagement juridique obligatoire ; code service facultatif (AGENCE_COMPTABLE)"),
    ],
};

fn graine() -> Result<Graine, DomainError> {
    let mut a = Atelier::new("ep");
    let moi = a.compte(
        "stagiaire",
        "Julien",
        "Roche",
        "julien.roche@univ-rivebelle.example",
    );
    let universite = StructureId(format!("annuaire-{SIRET}"));
    // Nobody managed the university yet: the first request makes its gestionnaire principal.
    a.run(&|sb, t| {
        rattachement::demander_rattachement(
            sb,
            &moi,
            &universite,
            &[],
            "Agent de l'agence comptable.",
            t,
        )
        .map(|o| o.with_value(()))
    })?;
    let claire = CompteId::from(demo::ACCOUNTS[0].id);
    let menuiserie = StructureId::from(demo::FOURNISSEUR);
    for p in &RECUES {
        a.run(&|sb, t| deposer(sb, &claire, &menuiserie, p, t, true))?;
    }
    Ok(a.fin(Some(moi)))
}

const RECUES: [Piece; 3] = [
    Piece::new(
        LIVREE,
        (SIRET, "", "EJ-2026-UR-0091"),
        &[("Porte en chêne, fournie et posée", "4", "450,00", "2000")],
    ),
    Piece::new(
        INCOMPLETE,
        (SIRET, "", "EJ-2026-UR-0107"),
        &[("Réfection de fenêtres", "12", "180,00", "2000")],
    ),
    Piece::new(
        ERRONEE,
        (SIRET, "", "EJ-2026-UR-0999"),
        &[("Parquet de la salle du conseil", "1", "3 200,00", "2000")],
    ),
];

// Reading the sandbox.

fn facture<'a>(sb: &'a Sandbox, c: Option<&CompteId>, numero: &str) -> Option<&'a Rc<Facture>> {
    let s = sa_structure(sb, c)?;
    sb.factures.values().find(|f| {
        f.destinataire.as_ref() == Some(&s.id) && identifiant(&f.numero) == identifiant(numero)
    })
}
fn etat(sb: &Sandbox, c: Option<&CompteId>, numero: &str) -> Option<String> {
    facture(sb, c, numero).map(|f| f.statut.label().to_string())
}
fn etat_livree(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    etat(sb, c, LIVREE)
}
fn etat_incomplete(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    etat(sb, c, INCOMPLETE)
}
fn etat_erronee(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    etat(sb, c, ERRONEE)
}
/// The last motif, read as the subject it must name (`attendu` when one of `mots` is in it).
fn motif(
    sb: &Sandbox,
    c: Option<&CompteId>,
    numero: &str,
    mots: &[&str],
    attendu: &str,
) -> Option<String> {
    let f = facture(sb, c, numero)?;
    let m = f
        .historique
        .last()
        .and_then(|e| e.commentaire.clone())
        .unwrap_or_default();
    let folded = texte(&m);
    Some(if mots.iter().any(|w| folded.contains(w)) {
        attendu.to_string()
    } else {
        m
    })
}
fn motif_incomplete(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    motif(sb, c, INCOMPLETE, &["reception", "pv"], PV)
}
fn motif_erronee(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    motif(
        sb,
        c,
        ERRONEE,
        &["engagement", "ej-2026-ur-0999", "commande"],
        EJ_INCONNU,
    )
}

// What a trainee runs.

fn traiter(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
    numero: &str,
    statut: &str,
    motif: &str,
) -> Result<Outcome, DomainError> {
    let id = facture(sb, c, numero)
        .map(|f| f.id.clone())
        .ok_or_else(|| DomainError::NotFound(format!("Facture {numero} introuvable.")))?;
    let tr = Traitement {
        statut: statut.into(),
        motif: motif.into(),
        mandat: String::new(),
    };
    traitement::traiter(sb, moi(c)?, &[id], &tr, t).map(|o| o.with_value(()))
}
fn service_fait(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    traiter(sb, c, t, LIVREE, "SERVICE_FAIT", "")
}
fn suspendre_livree(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    traiter(sb, c, t, LIVREE, "SUSPENDUE", "À vérifier.")
}
fn suspendre(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    traiter(
        sb,
        c,
        t,
        INCOMPLETE,
        "SUSPENDUE",
        "Procès-verbal de réception des travaux manquant : joignez-le.",
    )
}
fn rejeter_incomplete(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    traiter(
        sb,
        c,
        t,
        INCOMPLETE,
        "REJETEE",
        "Procès-verbal de réception manquant.",
    )
}
fn rejeter(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    traiter(sb, c, t, ERRONEE, "REJETEE", "Engagement juridique EJ-2026-UR-0999 inconnu : aucune commande de l'université ne correspond.")
}
fn suspendre_erronee(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    traiter(
        sb,
        c,
        t,
        ERRONEE,
        "SUSPENDUE",
        "Engagement juridique inconnu.",
    )
}

const F1: &str = "Facture FA-2026-0311";
const F2: &str = "Facture FA-2026-0312";
const F3: &str = "Facture FA-2026-0313";

pub const SCENARIO: Scenario = Scenario {
    id: "entite-publique",
    version: 1,
    titre: "Côté entité publique : traiter les factures reçues",
    objectifs: &[
        "constater le service fait d'une facture conforme à une commande livrée",
        "suspendre, avec un motif précis, une facture à laquelle il manque une pièce",
        "rejeter, avec son motif, une facture qui ne pourra jamais être payée — et seulement celle-là",
        "dire aux fournisseurs ce qu'ils doivent indiquer : SIRET, code service, engagement juridique",
    ],
    duree_minutes: 30,
    cotes: Cotes::EntitePublique,
    documents: &[REGISTRE],
    graine: include_str!("../graines/entite-publique.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "Une facture conforme",
            etapes: &[Etape {
                titre: "Service fait pour FA-2026-0311",
                consigne: "Vous êtes Julien Roche, de l'agence comptable de l'Université de Rivebelle. Trois factures de la Menuiserie Durand et Fils sont arrivées (Factures reçues). Comparez FA-2026-0311 au registre des commandes et traitez-la.",
                indice: "Le registre dit si la commande (son engagement juridique) est livrée. Une facture conforme à une commande livrée : « Service fait ».",
                solution: "Factures reçues › FA-2026-0311 › Traiter : nouveau statut « Service fait ».",
                controles: &[Controle { objet: F1, champ: "État", attendu: "Service fait", format: Format::Texte, lire: etat_livree }],
                resoudre: &[service_fait],
                erreur: ErreurType {
                    commandes: erreur!(suspendre_livree),
                    message: texte_erreur!("Facture FA-2026-0311 — État : « Suspendue » au lieu de « Service fait »."),
                },
            }],
        },
        Exercice {
            titre: "Une pièce manque",
            etapes: &[Etape {
                titre: "Suspendre FA-2026-0312 avec son motif",
                consigne: "FA-2026-0312 porte sur des travaux finis, mais une pièce manque (voir le registre). Ne la rejetez pas : le fournisseur pourra la compléter. Suspendez-la en disant précisément ce qui manque.",
                indice: "« Suspendue » garde la facture en vie, le fournisseur la complète ; « Rejetée » est définitif. Le motif doit nommer la pièce attendue.",
                solution: "FA-2026-0312 › Traiter : « Suspendue », motif « Procès-verbal de réception des travaux manquant : joignez-le. ».",
                controles: &[
                    Controle { objet: F2, champ: "État", attendu: "Suspendue", format: Format::Texte, lire: etat_incomplete },
                    Controle { objet: F2, champ: "Motif", attendu: PV, format: Format::Texte, lire: motif_incomplete },
                ],
                resoudre: &[suspendre],
                erreur: ErreurType {
                    commandes: erreur!(rejeter_incomplete),
                    message: texte_erreur!("Facture FA-2026-0312 — État : « Rejetée » au lieu de « Suspendue »."),
                },
            }],
        },
        Exercice {
            titre: "Une facture impayable",
            etapes: &[Etape {
                titre: "Rejeter FA-2026-0313 avec son motif",
                consigne: "FA-2026-0313 cite un engagement juridique que le registre ne connaît pas : aucune commande ne correspond, elle ne sera jamais payée. Rejetez-la, avec un motif qui permet au fournisseur de comprendre.",
                indice: "Un rejet doit dire pourquoi : ici, l'engagement juridique cité est inconnu. Le fournisseur acquittera le rejet et, s'il y a lieu, déposera une nouvelle facture.",
                solution: "FA-2026-0313 › Traiter : « Rejetée », motif « Engagement juridique EJ-2026-UR-0999 inconnu : aucune commande de l'université ne correspond. ».",
                controles: &[
                    Controle { objet: F3, champ: "État", attendu: "Rejetée", format: Format::Texte, lire: etat_erronee },
                    Controle { objet: F3, champ: "Motif", attendu: EJ_INCONNU, format: Format::Texte, lire: motif_erronee },
                ],
                resoudre: &[rejeter],
                erreur: ErreurType {
                    commandes: erreur!(suspendre_erronee),
                    message: texte_erreur!("Facture FA-2026-0313 — État : « Suspendue » au lieu de « Rejetée »."),
                },
            }],
        },
    ],
};
