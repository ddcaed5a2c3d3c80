//! « Gérer les utilisateurs »: the GP validates one request and refuses another with its motif,
//! sets a user's habilitations, then hands the gestionnaire principal role over — as the
//! management's note says.

use super::{demande, moi, papeterie, rattachement_de, structure_de};
use crate::comparaison::Format;
use crate::graine::Atelier;
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use domain::kernel::ids::CompteId;
use domain::organisation::droits::{Application, Habilitation};
use domain::organisation::rattachement::{self, Decision};
use domain::organisation::utilisateurs;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::collections::BTreeMap;

const LUCAS: &str = "Lucas Bernard";
const INES: &str = "Inès Moreau";
const SOPHIE: &str = "Sophie Laurent";
const CAMILLE: &str = "Camille Martin";
const MOTIF: &str = "Personne inconnue de l'entreprise";
const VALIDEE: &str = "Validée";
const REFUSEE: &str = "Refusée";
const MODIFICATION: &str = "Modification";
const CONSULTATION: &str = "Consultation";
const GP: &str = "Gestionnaire principal";
const UTILISATEUR: &str = "Utilisateur";

const NOTE: Document = Document {
    titre: "Note de la direction — comptes Chorus Pro",
    emetteur: "Papeterie du Centre — direction",
    lignes: &[
        (
            "Demande de Lucas Bernard (nouvel assistant comptable)",
            "à valider",
        ),
        ("Demande d'Inès Moreau", "à refuser"),
        ("Motif du refus à indiquer", MOTIF),
        (
            "Habilitations de Lucas Bernard — Factures émises",
            MODIFICATION,
        ),
        ("Habilitations de Lucas Bernard — Structures", CONSULTATION),
        (
            "Camille Martin quitte la société ; nouvelle gestionnaire principale",
            SOPHIE,
        ),
    ],
};

fn graine() -> Result<Graine, DomainError> {
    let mut a = Atelier::new("gu");
    let (moi, structure) = papeterie(&mut a)?;
    demande(
        &mut a,
        &structure,
        ("sophie", "Sophie", "Laurent"),
        "Responsable administrative.",
    )?;
    let r = rattachement_de(&a.sb, Some(&moi), SOPHIE)
        .map(|r| r.id.clone())
        .ok_or_else(|| DomainError::Rule("Demande de Sophie Laurent absente.".into()))?;
    a.run(&|sb, t| {
        rattachement::traiter_demandes(
            sb,
            &moi,
            &structure,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t,
        )
        .map(|o| o.with_value(()))
    })?;
    demande(
        &mut a,
        &structure,
        ("lucas", "Lucas", "Bernard"),
        "Nouvel assistant comptable.",
    )?;
    demande(
        &mut a,
        &structure,
        ("ines", "Inès", "Moreau"),
        "Bonjour, je souhaite accéder à vos factures.",
    )?;
    Ok(a.fin(Some(moi)))
}

// Reading the sandbox.

fn statut(sb: &Sandbox, c: Option<&CompteId>, nom: &str) -> Option<String> {
    rattachement_de(sb, c, nom).map(|r| r.status.label().to_string())
}
fn statut_lucas(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    statut(sb, c, LUCAS)
}
fn statut_ines(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    statut(sb, c, INES)
}
fn motif_ines(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    rattachement_de(sb, c, INES).map(|r| r.motif.clone().unwrap_or_default())
}
fn habilitation(sb: &Sandbox, c: Option<&CompteId>, app: Application) -> Option<String> {
    let r = rattachement_de(sb, c, LUCAS)?;
    Some(
        r.habilitations
            .get(&app)
            .map(|h| h.label())
            .unwrap_or("Aucune")
            .to_string(),
    )
}
fn hab_emises(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    habilitation(sb, c, Application::FacturesEmises)
}
fn hab_structures(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    habilitation(sb, c, Application::Structures)
}
fn role_sophie(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    rattachement_de(sb, c, SOPHIE).map(|r| r.role.label().to_string())
}
fn role_camille(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    rattachement_de(sb, c, CAMILLE).map(|r| r.role.label().to_string())
}

// What a trainee runs.

fn decider(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
    nom: &str,
    decision: Decision,
    motif: &str,
) -> Result<Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    let r = rattachement_de(sb, c, nom)
        .map(|r| r.id.clone())
        .ok_or_else(|| DomainError::Rule(format!("Aucune demande de {nom}.")))?;
    rattachement::traiter_demandes(sb, moi(c)?, &s.id, &[r], decision, motif, t)
        .map(|o| o.with_value(()))
}
fn valider_lucas(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    decider(sb, c, t, LUCAS, Decision::Valider, "")
}
fn refuser_ines(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    decider(sb, c, t, INES, Decision::Refuser, MOTIF)
}
fn valider_ines(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    decider(sb, c, t, INES, Decision::Valider, "")
}
fn habiliter(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
    structures: Habilitation,
) -> Result<Outcome, DomainError> {
    let r = rattachement_de(sb, c, LUCAS)
        .map(|r| r.id.clone())
        .ok_or_else(|| DomainError::Rule("Aucun rattachement de Lucas Bernard.".into()))?;
    let mut h = BTreeMap::new();
    h.insert(Application::FacturesEmises, Habilitation::Modification);
    h.insert(Application::Structures, structures);
    utilisateurs::modifier_habilitations(sb, moi(c)?, &r, &h, t)
}
fn habiliter_juste(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    habiliter(sb, c, t, Habilitation::Consultation)
}
fn habiliter_trop(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    habiliter(sb, c, t, Habilitation::Modification)
}
fn transferer(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
    nom: &str,
) -> Result<Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    let r = rattachement_de(sb, c, nom)
        .map(|r| r.id.clone())
        .ok_or_else(|| DomainError::Rule(format!("Aucun rattachement de {nom}.")))?;
    utilisateurs::transferer_gestionnaire_principal(sb, moi(c)?, &s.id, &r, t)
}
fn transferer_sophie(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    transferer(sb, c, t, SOPHIE)
}
fn transferer_lucas(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    transferer(sb, c, t, LUCAS)
}

const HAB: &str = "Habilitations de Lucas Bernard";

pub const SCENARIO: Scenario = Scenario {
    id: "utilisateurs",
    version: 1,
    titre: "Gérer les utilisateurs",
    objectifs: &[
        "valider ou refuser une demande de rattachement, avec un motif",
        "donner à un utilisateur les habilitations dont il a besoin, sans plus",
        "transmettre le rôle de gestionnaire principal avant de partir",
    ],
    duree_minutes: 30,
    cotes: Cotes::Fournisseur,
    documents: &[NOTE],
    graine: include_str!("../graines/utilisateurs.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "Demandes de rattachement",
            etapes: &[Etape {
                titre: "Valider Lucas Bernard, refuser Inès Moreau",
                consigne: "Vous êtes Camille Martin, gestionnaire principale de la Papeterie du Centre. Deux demandes de rattachement attendent : traitez-les comme le dit la note de la direction, avec le motif indiqué pour le refus.",
                indice: "Organisation › Mes structures › Utilisateurs : « Demandes de rattachement ». Un refus se fait avec un motif, que le demandeur recevra par message.",
                solution: "Utilisateurs › Demandes : cocher Lucas Bernard, « Valider la sélection » ; cocher Inès Moreau, motif « Personne inconnue de l'entreprise », « Refuser la sélection ».",
                controles: &[
                    Controle { objet: "Rattachement de Lucas Bernard", champ: "Statut", attendu: VALIDEE, format: Format::Texte, lire: statut_lucas },
                    Controle { objet: "Rattachement d'Inès Moreau", champ: "Statut", attendu: REFUSEE, format: Format::Texte, lire: statut_ines },
                    Controle { objet: "Rattachement d'Inès Moreau", champ: "Motif du refus", attendu: MOTIF, format: Format::Texte, lire: motif_ines },
                ],
                resoudre: &[valider_lucas, refuser_ines],
                erreur: ErreurType {
                    commandes: erreur!(valider_lucas, valider_ines),
                    message: texte_erreur!("Rattachement d'Inès Moreau — Statut : « Validée » au lieu de « Refusée »."),
                },
            }],
        },
        Exercice {
            titre: "Habilitations",
            etapes: &[Etape {
                titre: "Les habilitations de Lucas Bernard",
                consigne: "Donnez à Lucas Bernard exactement les habilitations de la note : il saisit les factures, il consulte seulement la fiche de la structure.",
                indice: "Sur la ligne de Lucas Bernard, « Modifier les habilitations » : une liste par application (aucune, consultation, modification).",
                solution: "Habilitations de Lucas Bernard : Factures émises « Modification », Structures « Consultation », puis « Enregistrer les habilitations ».",
                controles: &[
                    Controle { objet: HAB, champ: "Factures émises", attendu: MODIFICATION, format: Format::Texte, lire: hab_emises },
                    Controle { objet: HAB, champ: "Structures", attendu: CONSULTATION, format: Format::Texte, lire: hab_structures },
                ],
                resoudre: &[habiliter_juste],
                erreur: ErreurType {
                    commandes: erreur!(habiliter_trop),
                    message: texte_erreur!("Habilitations de Lucas Bernard — Structures : « Modification » au lieu de « Consultation »."),
                },
            }],
        },
        Exercice {
            titre: "Gestionnaire principal",
            etapes: &[Etape {
                titre: "Transmettre le rôle à Sophie Laurent",
                consigne: "Vous quittez la société : transmettez le rôle de gestionnaire principal à la personne désignée par la note, avant toute autre chose.",
                indice: "Page Utilisateurs : « Transférer le rôle de gestionnaire principal ». Seul un utilisateur dont le rattachement est validé peut le recevoir.",
                solution: "Utilisateurs › Transférer le rôle de gestionnaire principal : choisir Sophie Laurent, confirmer. Vous restez utilisatrice de la structure.",
                controles: &[
                    Controle { objet: "Rattachement de Sophie Laurent", champ: "Rôle", attendu: GP, format: Format::Texte, lire: role_sophie },
                    Controle { objet: "Rattachement de Camille Martin", champ: "Rôle", attendu: UTILISATEUR, format: Format::Texte, lire: role_camille },
                ],
                resoudre: &[transferer_sophie],
                erreur: ErreurType {
                    commandes: erreur!(transferer_lucas),
                    message: texte_erreur!("Rattachement de Sophie Laurent — Rôle : « Utilisateur » au lieu de « Gestionnaire principal »."),
                },
            }],
        },
    ],
};
