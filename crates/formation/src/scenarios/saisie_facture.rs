//! TP « Saisie complète d'une facture en mode portail »: from a public buyer's bon de commande, a
//! supplier finds the recipient in the annuaire (its parameters demand a code service and an
//! engagement juridique), keys in several lines at two VAT rates, sends the invoice and reads
//! its certificat de dépôt.

use super::{deposer_moi, papeterie_avec_compte, Piece};
use crate::comparaison::Format;
use crate::graine::Atelier;
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use domain::facturation::facture::Facture;
use domain::kernel::ids::CompteId;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::rc::Rc;

const ACHETEUR: &str = "Ministère des Essais et de la Simulation";
const SIRET: &str = "911 047 322 00134";
const CODE_SERVICE: &str = "DAF";
const EJ: &str = "EJ-2026-004518";
const MARCHE: &str = "MAR-2026-017";
const NUMERO: &str = "FA-2026-0153";
const TOTAL_HT: &str = "440,00";
const TOTAL_TVA: &str = "61,90";
const TOTAL_TTC: &str = "501,90";
const ENVOYEE: &str = "Envoyée";

/// (désignation, quantité, prix unitaire HT, taux de TVA en centièmes de %).
const LIGNES: [(&str, &str, &str, &str); 3] = [
    ("Ramettes de papier A4 recyclé", "40", "4,50", "2000"),
    ("Classeurs à levier", "25", "3,20", "2000"),
    ("Manuels de formation (livres)", "10", "18,00", "550"),
];

const BON_DE_COMMANDE: Document = Document {
    titre: "Bon de commande n° BC-2026-0871",
    emetteur: "Ministère des Essais et de la Simulation — direction des affaires financières",
    lignes: &[
        ("Acheteur public", ACHETEUR),
        ("SIRET de l'acheteur", SIRET),
        ("Code service à indiquer sur la facture", CODE_SERVICE),
        ("Engagement juridique (EJ)", EJ),
        ("Marché", MARCHE),
        ("Fournisseur", "Papeterie du Centre"),
        (
            "Ligne 1",
            "Ramettes de papier A4 recyclé — 40 × 4,50 € HT — TVA 20 %",
        ),
        ("Ligne 2", "Classeurs à levier — 25 × 3,20 € HT — TVA 20 %"),
        (
            "Ligne 3",
            "Manuels de formation (livres) — 10 × 18,00 € HT — TVA 5,5 %",
        ),
        ("Total HT", "440,00 €"),
        ("Facturation", "sur Chorus Pro, une facture après livraison"),
    ],
};

const BON_DE_LIVRAISON: Document = Document {
    titre: "Bon de livraison n° BL-2026-0412",
    emetteur: "Papeterie du Centre — atelier",
    lignes: &[
        ("Commande", "BC-2026-0871"),
        ("Livré le", "16/11/2026, complet"),
        ("Numéro de facture à utiliser", NUMERO),
        ("Compte bancaire à indiquer", "Compte principal"),
    ],
};

fn graine() -> Result<Graine, DomainError> {
    let mut a = Atelier::new("sf");
    let (moi, _) = papeterie_avec_compte(&mut a)?;
    Ok(a.fin(Some(moi)))
}

// Reading the sandbox.

fn facture<'a>(sb: &'a Sandbox, c: Option<&CompteId>) -> Option<&'a Rc<Facture>> {
    let s = super::sa_structure(sb, c)?;
    sb.factures.values().find(|f| {
        f.emetteur == s.id && crate::comparaison::egal(Format::Identifiant, NUMERO, &f.numero)
    })
}
fn destinataire(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    let f = facture(sb, c)?;
    Some(
        f.destinataire_dans(sb)
            .map(|d| d.identifier.clone())
            .unwrap_or_default(),
    )
}
fn code_service(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| f.code_service.clone())
}
fn ej(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| f.ej.clone())
}
fn marche(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| f.marche.clone())
}
fn statut(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| {
        if f.is_draft() {
            "Brouillon (non envoyée)"
        } else {
            ENVOYEE
        }
        .to_string()
    })
}
fn ht(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| f.totaux().total_ht.fr())
}
fn tva(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| f.totaux().total_tva.fr())
}
fn ttc(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| f.totaux().total_ttc.fr())
}
fn nombre_lignes(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    facture(sb, c).map(|f| f.lignes.len().to_string())
}

// What a trainee runs.

const LIGNES_FAUSSES: [(&str, &str, &str, &str); 3] = [
    LIGNES[0],
    LIGNES[1],
    ("Manuels de formation (livres)", "10", "18,00", "2000"),
];
const JUSTE: Piece = Piece {
    marche: MARCHE,
    ..Piece::new(NUMERO, (SIRET, CODE_SERVICE, EJ), &LIGNES)
};
const SANS_EJ: Piece = Piece {
    marche: MARCHE,
    ..Piece::new(NUMERO, (SIRET, CODE_SERVICE, ""), &LIGNES)
};
const MAUVAIS_TAUX: Piece = Piece {
    marche: MARCHE,
    ..Piece::new(NUMERO, (SIRET, CODE_SERVICE, EJ), &LIGNES_FAUSSES)
};

fn brouillon_juste(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &JUSTE, false)
}
fn brouillon_sans_ej(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &SANS_EJ, false)
}
fn envoyer_juste(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &JUSTE, true)
}
fn envoyer_mauvais_taux(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    deposer_moi(sb, c, t, &MAUVAIS_TAUX, true)
}

const FACTURE: &str = "Facture FA-2026-0153";

pub const SCENARIO: Scenario = Scenario {
    id: "saisie-facture",
    version: 1,
    titre: "TP — Saisie complète d'une facture en mode portail",
    objectifs: &[
        "trouver un destinataire dans l'annuaire et lire ce que ses paramètres exigent",
        "saisir une facture conforme aux paramètres du destinataire (code service, engagement juridique)",
        "saisir plusieurs lignes à deux taux de TVA et contrôler les totaux",
        "envoyer la facture et retrouver son certificat de dépôt",
    ],
    duree_minutes: 45,
    cotes: Cotes::Fournisseur,
    documents: &[BON_DE_COMMANDE, BON_DE_LIVRAISON],
    graine: include_str!("../graines/saisie-facture.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "Préparer la facture",
            etapes: &[Etape {
                titre: "Destinataire, code service et engagement juridique",
                consigne: "Vous êtes Camille Martin, de la Papeterie du Centre. La commande du bon de commande BC-2026-0871 est livrée : cherchez l'acheteur dans l'annuaire (ce que ses paramètres exigent), puis dans « Saisir une facture » renseignez le destinataire, le code service, l'engagement juridique, le marché et le numéro de facture du bon de livraison, et enregistrez le brouillon.",
                indice: "Organisation › Annuaire : cherchez le SIRET du bon de commande ; sa fiche dit « Engagement juridique et code service obligatoires ». Puis Facturation › Factures émises › Saisir une facture.",
                solution: "Saisir une facture : destinataire 911 047 322 00134, code service DAF, engagement juridique EJ-2026-004518, marché MAR-2026-017, numéro FA-2026-0153, puis « Enregistrer le brouillon ».",
                controles: &[
                    Controle { objet: FACTURE, champ: "Destinataire (SIRET)", attendu: SIRET, format: Format::Identifiant, lire: destinataire },
                    Controle { objet: FACTURE, champ: "Code service", attendu: CODE_SERVICE, format: Format::Identifiant, lire: code_service },
                    Controle { objet: FACTURE, champ: "Engagement juridique", attendu: EJ, format: Format::Identifiant, lire: ej },
                    Controle { objet: FACTURE, champ: "Marché", attendu: MARCHE, format: Format::Identifiant, lire: marche },
                ],
                resoudre: &[brouillon_juste],
                erreur: ErreurType {
                    commandes: erreur!(brouillon_sans_ej),
                    message: texte_erreur!("Facture FA-2026-0153 — Engagement juridique : non renseigné (attendu : « EJ-2026-004518 »)."),
                },
            }],
        },
        Exercice {
            titre: "Lignes, montants et envoi",
            etapes: &[Etape {
                titre: "Les trois lignes et l'envoi",
                consigne: "Complétez le brouillon : les trois lignes du bon de commande, chacune à son taux de TVA (les livres sont à 5,5 %), contrôlez les totaux, puis envoyez la facture et ouvrez son certificat de dépôt.",
                indice: "Le récapitulatif de TVA sous les lignes doit montrer deux taux : 20 % et 5,5 %. Après l'envoi, « Certificat de dépôt » est sur la page de la facture.",
                solution: "Lignes : 40 × 4,50 à 20 % ; 25 × 3,20 à 20 % ; 10 × 18,00 à 5,5 %. Totaux : HT 440,00 €, TVA 61,90 €, TTC 501,90 €. « Valider et envoyer », puis « Certificat de dépôt ».",
                controles: &[
                    Controle { objet: FACTURE, champ: "Nombre de lignes", attendu: "3", format: Format::Texte, lire: nombre_lignes },
                    Controle { objet: FACTURE, champ: "Total HT", attendu: TOTAL_HT, format: Format::Montant, lire: ht },
                    Controle { objet: FACTURE, champ: "Total TVA", attendu: TOTAL_TVA, format: Format::Montant, lire: tva },
                    Controle { objet: FACTURE, champ: "Total TTC", attendu: TOTAL_TTC, format: Format::Montant, lire: ttc },
                    Controle { objet: FACTURE, champ: "État", attendu: ENVOYEE, format: Format::Texte, lire: statut },
                ],
                resoudre: &[envoyer_juste],
                erreur: ErreurType {
                    commandes: erreur!(envoyer_mauvais_taux),
                    message: texte_erreur!("Facture FA-2026-0153 — Total TVA : « 88,00 » au lieu de « 61,90 »."),
                },
            }],
        },
    ],
};
