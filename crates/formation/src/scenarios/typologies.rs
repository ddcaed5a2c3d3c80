//! « Les typologies de factures »: for each situation of the day, the right cadre de facturation
//! and the right type — an acompte, an invoice already paid, an avoir, a sous-traitant's
//! invoice — saved as drafts the check reads.

use super::{papeterie, sa_structure, Piece};
use crate::comparaison::{identifiant, Format};
use crate::graine::Atelier;
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use domain::facturation::facture::{Cadre, Facture, TypeFacture};
use domain::kernel::ids::CompteId;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::rc::Rc;

const SIRET: &str = "91104732200134";
const TITULAIRE: &str = "950 000 117 00016";
const ACOMPTE: &str = "FA-2026-0401";
const DEJA_PAYEE: &str = "FA-2026-0402";
const AVOIR: &str = "AV-2026-0001";
const SOUS_TRAITANCE: &str = "FA-2026-0404";
const ORIGINE: &str = "FA-2026-0153";

const SITUATIONS: Document = Document {
    titre: "Les situations du jour",
    emetteur: "Papeterie du Centre — comptabilité",
    lignes: &[
        ("Acheteur", "Ministère des Essais et de la Simulation — SIRET 911 047 322 00134, service DAF, EJ EJ-2026-004518"),
        ("FA-2026-0401", "30 % d'acompte demandé à la commande (150,00 € HT) avant toute livraison"),
        ("FA-2026-0402", "fournitures déjà réglées par carte d'achat le jour de la livraison (80,00 € HT)"),
        ("AV-2026-0001", "geste commercial de 20,00 € HT sur la facture FA-2026-0153"),
        ("FA-2026-0404", "impression de brochures réalisée comme sous-traitant de la Menuiserie Durand et Fils (titulaire du marché, SIRET 950 000 117 00016), 300,00 € HT"),
    ],
};

fn graine() -> Result<Graine, DomainError> {
    let mut a = Atelier::new("ty");
    let (moi, _) = papeterie(&mut a)?;
    Ok(a.fin(Some(moi)))
}

// Reading the sandbox.

fn facture<'a>(sb: &'a Sandbox, c: Option<&CompteId>, numero: &str) -> Option<&'a Rc<Facture>> {
    let s = sa_structure(sb, c)?;
    sb.factures
        .values()
        .find(|f| f.emetteur == s.id && identifiant(&f.numero) == identifiant(numero))
}
fn cadre(sb: &Sandbox, c: Option<&CompteId>, numero: &str) -> Option<String> {
    facture(sb, c, numero).map(|f| f.cadre.court().to_string())
}
fn type_facture(sb: &Sandbox, c: Option<&CompteId>, numero: &str) -> Option<String> {
    facture(sb, c, numero).map(|f| f.type_facture.label().to_string())
}
fn type_acompte(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    type_facture(sb, c, ACOMPTE)
}
fn cadre_acompte(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    cadre(sb, c, ACOMPTE)
}
fn cadre_payee(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    cadre(sb, c, DEJA_PAYEE)
}
fn type_payee(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    type_facture(sb, c, DEJA_PAYEE)
}
fn type_avoir(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    type_facture(sb, c, AVOIR)
}
fn origine_avoir(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c, AVOIR).map(|f| f.facture_origine.clone())
}
fn cadre_sous_traitance(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    cadre(sb, c, SOUS_TRAITANCE)
}
fn valideur(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    let f = facture(sb, c, SOUS_TRAITANCE)?;
    Some(
        f.valideur
            .as_ref()
            .and_then(|v| sb.structures.get(v))
            .map(|s| s.identifier.clone())
            .unwrap_or_default(),
    )
}

// What a trainee runs.

const ROUTAGE: (&str, &str, &str) = (SIRET, "DAF", "EJ-2026-004518");
const fn piece(
    numero: &'static str,
    lignes: &'static [(&'static str, &'static str, &'static str, &'static str)],
    cadre: Cadre,
    type_facture: TypeFacture,
) -> Piece {
    Piece {
        cadre,
        type_facture,
        valideur: if matches!(cadre, Cadre::A9 | Cadre::A12) {
            TITULAIRE
        } else {
            ""
        },
        origine: if matches!(type_facture, TypeFacture::Avoir) {
            ORIGINE
        } else {
            ""
        },
        ..Piece::new(numero, ROUTAGE, lignes)
    }
}
const L150: &[(&str, &str, &str, &str)] = &[("Acompte à la commande", "1", "150,00", "2000")];
const L80: &[(&str, &str, &str, &str)] = &[("Fournitures", "1", "80,00", "2000")];
const L20: &[(&str, &str, &str, &str)] = &[("Geste commercial", "1", "20,00", "2000")];
const L300: &[(&str, &str, &str, &str)] = &[("Impression de brochures", "1", "300,00", "2000")];
const PIECES: [Piece; 8] = [
    piece(ACOMPTE, L150, Cadre::A1, TypeFacture::Acompte),
    piece(ACOMPTE, L150, Cadre::A1, TypeFacture::Facture),
    piece(DEJA_PAYEE, L80, Cadre::A2, TypeFacture::Facture),
    piece(DEJA_PAYEE, L80, Cadre::A1, TypeFacture::Facture),
    piece(AVOIR, L20, Cadre::A1, TypeFacture::Avoir),
    piece(AVOIR, L20, Cadre::A1, TypeFacture::Facture),
    piece(SOUS_TRAITANCE, L300, Cadre::A9, TypeFacture::Facture),
    piece(SOUS_TRAITANCE, L300, Cadre::A12, TypeFacture::Facture),
];
fn brouillon(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
    i: usize,
) -> Result<Outcome, DomainError> {
    let p = PIECES
        .get(i)
        .ok_or_else(|| DomainError::Rule("Situation inconnue.".into()))?;
    super::deposer_moi(sb, c, t, p, false)
}
fn acompte(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 0)
}
fn acompte_en_facture(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 1)
}
fn payee(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 2)
}
fn payee_en_a1(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 3)
}
fn avoir(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 4)
}
fn avoir_en_facture(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 5)
}
fn sous_traitance(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 6)
}
fn cotraitance(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    brouillon(sb, c, t, 7)
}

const F1: &str = "Facture FA-2026-0401";
const F2: &str = "Facture FA-2026-0402";
const F3: &str = "Avoir AV-2026-0001";
const F4: &str = "Facture FA-2026-0404";

pub const SCENARIO: Scenario = Scenario {
    id: "typologies",
    version: 1,
    titre: "Les typologies de factures",
    objectifs: &[
        "choisir le type de document : facture, acompte ou avoir",
        "choisir le cadre de facturation : facture ordinaire (A1), déjà payée (A2), de sous-traitant (A9)",
        "rattacher un avoir à la facture qu'il corrige",
    ],
    duree_minutes: 30,
    cotes: Cotes::Fournisseur,
    documents: &[SITUATIONS],
    graine: include_str!("../graines/typologies.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "Facture, acompte, déjà payée",
            etapes: &[
                Etape {
                    titre: "Un acompte à la commande",
                    consigne: "Vous êtes Camille Martin (Papeterie du Centre). Première situation du document : un acompte avant livraison, numéroté FA-2026-0401. Choisissez le type qui convient.",
                    indice: "Le type de document est dans « Références » : facture, acompte ou avoir. Le cadre reste A1 : vous êtes le fournisseur et rien n'est encore payé.",
                    solution: "Saisir une facture : cadre A1, type « Acompte », numéro FA-2026-0401, une ligne de 150,00 € HT, puis « Enregistrer le brouillon ».",
                    controles: &[
                        Controle { objet: F1, champ: "Type", attendu: "Acompte", format: Format::Texte, lire: type_acompte },
                        Controle { objet: F1, champ: "Cadre de facturation", attendu: "A1", format: Format::Identifiant, lire: cadre_acompte },
                    ],
                    resoudre: &[acompte],
                    erreur: ErreurType {
                        commandes: erreur!(acompte_en_facture),
                        message: texte_erreur!("Facture FA-2026-0401 — Type : « Facture » au lieu de « Acompte »."),
                    },
                },
                Etape {
                    titre: "Une facture déjà payée",
                    consigne: "Deuxième situation : des fournitures déjà réglées par carte d'achat (FA-2026-0402). La facture est due pour la comptabilité de l'acheteur, mais rien n'est à payer : choisissez le cadre qui le dit.",
                    indice: "Le cadre A2 sert aux factures déjà payées (carte d'achat…) : le montant à payer est alors nul.",
                    solution: "Saisir une facture : cadre « A2 — facture déjà payée », type « Facture », numéro FA-2026-0402, 80,00 € HT, brouillon.",
                    controles: &[
                        Controle { objet: F2, champ: "Cadre de facturation", attendu: "A2", format: Format::Identifiant, lire: cadre_payee },
                        Controle { objet: F2, champ: "Type", attendu: "Facture", format: Format::Texte, lire: type_payee },
                    ],
                    resoudre: &[payee],
                    erreur: ErreurType {
                        commandes: erreur!(payee_en_a1),
                        message: texte_erreur!("Facture FA-2026-0402 — Cadre de facturation : « A1 » au lieu de « A2 »."),
                    },
                },
            ],
        },
        Exercice {
            titre: "Avoir et sous-traitance",
            etapes: &[
                Etape {
                    titre: "Un avoir sur une facture",
                    consigne: "Troisième situation : un geste commercial sur FA-2026-0153. On ne modifie pas une facture envoyée : on émet un avoir (AV-2026-0001) qui cite la facture qu'il corrige.",
                    indice: "Type « Avoir », et le champ « Facture d'origine » reçoit le numéro de la facture corrigée.",
                    solution: "Saisir une facture : type « Avoir », facture d'origine FA-2026-0153, numéro AV-2026-0001, 20,00 € HT, brouillon.",
                    controles: &[
                        Controle { objet: F3, champ: "Type", attendu: "Avoir", format: Format::Texte, lire: type_avoir },
                        Controle { objet: F3, champ: "Facture d'origine", attendu: ORIGINE, format: Format::Identifiant, lire: origine_avoir },
                    ],
                    resoudre: &[avoir],
                    erreur: ErreurType {
                        commandes: erreur!(avoir_en_facture),
                        message: texte_erreur!("Avoir AV-2026-0001 — Type : « Facture » au lieu de « Avoir »."),
                    },
                },
                Etape {
                    titre: "Une facture de sous-traitant",
                    consigne: "Dernière situation : vous avez travaillé comme sous-traitant du titulaire du marché (FA-2026-0404). Votre facture passe d'abord par lui pour validation : choisissez le cadre et indiquez le valideur.",
                    indice: "A9 : sous-traitant ; A12 : cotraitant. Le valideur est le titulaire du marché, identifié par son SIRET.",
                    solution: "Saisir une facture : cadre « A9 — sous-traitant », valideur 950 000 117 00016 (Menuiserie Durand et Fils), numéro FA-2026-0404, 300,00 € HT, brouillon.",
                    controles: &[
                        Controle { objet: F4, champ: "Cadre de facturation", attendu: "A9", format: Format::Identifiant, lire: cadre_sous_traitance },
                        Controle { objet: F4, champ: "Valideur (SIRET)", attendu: TITULAIRE, format: Format::Identifiant, lire: valideur },
                    ],
                    resoudre: &[sous_traitance],
                    erreur: ErreurType {
                        commandes: erreur!(cotraitance),
                        message: texte_erreur!("Facture FA-2026-0404 — Cadre de facturation : « A12 » au lieu de « A9 »."),
                    },
                },
            ],
        },
    ],
};
