//! TP « Paramétrage d'une fiche structure »: a supplier's GP completes the fiche, adds the bank
//! account, creates the services, chooses the applications and validates a colleague's
//! rattachement with the right habilitations — all read from the company's « fiche d'identité ».

use super::{demande, moi, papeterie, rattachement_de, sa_structure, structure_de};
use crate::comparaison::Format;
use crate::graine::Atelier;
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use domain::kernel::ids::CompteId;
use domain::organisation::coordonnees_bancaires::{self as banque, FormulaireCoordonneesBancaires};
use domain::organisation::droits::{Application, Habilitation};
use domain::organisation::fiche_structure::{self as fiche, FormulaireStructure};
use domain::organisation::rattachement::{self, Decision};
use domain::organisation::services::{self, FormulaireService};
use domain::organisation::utilisateurs;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::collections::BTreeMap;

const TELEPHONE: &str = "04 78 42 16 90";
const EMAIL: &str = "comptabilite@papeterie-du-centre.example";
const LIBELLE_COMPTE: &str = "Compte principal";
const IBAN: &str = "FR14 2004 1010 0505 0001 3M02 606";
const IBAN_MAUVAISE_CLE: &str = "FR41 2004 1010 0505 0001 3M02 606";
const BIC: &str = "PSSTFRPPLYO";
const CODE_COMPTA: &str = "COMPTA";
const LIBELLE_COMPTA: &str = "Comptabilité";
const CODE_ATELIER: &str = "ATELIER";
const LIBELLE_ATELIER: &str = "Atelier d'impression";
const DEBUT_SERVICES: &str = "2026-11-01";
const COLLEGUE: &str = "Lucas Bernard";
const ACTIVEE: &str = "Activée";
const VALIDEE: &str = "Validée";
const MODIFICATION: &str = "Modification";
const CONSULTATION: &str = "Consultation";

const FICHE_IDENTITE: Document = Document {
    titre: "Fiche d'identité de l'entreprise",
    emetteur: "Papeterie du Centre — direction administrative",
    lignes: &[
        ("Téléphone du standard comptable", TELEPHONE),
        ("Adresse électronique de la comptabilité", EMAIL),
        ("Compte bancaire — libellé", LIBELLE_COMPTE),
        ("Compte bancaire — IBAN", IBAN),
        ("Compte bancaire — BIC", BIC),
        ("Service « COMPTA »", LIBELLE_COMPTA),
        ("Service « ATELIER »", LIBELLE_ATELIER),
        ("Début de validité des services", "01/11/2026"),
        (
            "Application à ouvrir en plus",
            "Factures de travaux (chantiers d'aménagement de bureaux)",
        ),
        ("Nouveau collaborateur", COLLEGUE),
        ("Ses habilitations — Factures émises", MODIFICATION),
        ("Ses habilitations — Factures de travaux", MODIFICATION),
        ("Ses habilitations — Structures", CONSULTATION),
    ],
};

fn graine() -> Result<Graine, DomainError> {
    let mut a = Atelier::new("fs");
    let (moi, structure) = papeterie(&mut a)?;
    demande(
        &mut a,
        &structure,
        ("collegue", "Lucas", "Bernard"),
        "Je prépare les factures de l'atelier.",
    )?;
    Ok(a.fin(Some(moi)))
}

// Reading the sandbox.

fn telephone(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    Some(sa_structure(sb, c)?.telephone.clone().unwrap_or_default())
}
fn email(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    Some(sa_structure(sb, c)?.email.clone().unwrap_or_default())
}
fn compte_bancaire(
    sb: &Sandbox,
    c: Option<&CompteId>,
    f: fn(&domain::organisation::structure::CompteBancaire) -> String,
) -> Option<String> {
    sa_structure(sb, c)?
        .bank_accounts
        .iter()
        .find(|b| b.actif)
        .map(f)
}
fn iban(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    compte_bancaire(sb, c, |b| b.iban.clone())
}
fn bic(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    compte_bancaire(sb, c, |b| b.bic.clone())
}
fn libelle_compte(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    compte_bancaire(sb, c, |b| b.libelle.clone())
}
fn service(sb: &Sandbox, c: Option<&CompteId>, code: &str) -> Option<String> {
    let s = sa_structure(sb, c)?;
    services::liste(sb, &s.id)
        .into_iter()
        .find(|sv| sv.code == code)
        .map(|sv| sv.libelle.clone())
}
fn service_compta(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    service(sb, c, CODE_COMPTA)
}
fn service_atelier(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    service(sb, c, CODE_ATELIER)
}
fn travaux(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    let on = sa_structure(sb, c)?
        .applications
        .contains(&Application::FacturesTravaux);
    Some(if on { ACTIVEE } else { "Non activée" }.to_string())
}
fn rattachement_collegue<'a>(
    sb: &'a Sandbox,
    c: Option<&CompteId>,
) -> Option<&'a domain::organisation::rattachement::Rattachement> {
    rattachement_de(sb, c, COLLEGUE)
}
fn statut_collegue(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    rattachement_collegue(sb, c).map(|r| r.status.label().to_string())
}
fn habilitation(sb: &Sandbox, c: Option<&CompteId>, app: Application) -> Option<String> {
    let r = rattachement_collegue(sb, c)?;
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
fn hab_travaux(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    habilitation(sb, c, Application::FacturesTravaux)
}
fn hab_structures(sb: &Sandbox, c: Option<&CompteId>) -> Option<String> {
    habilitation(sb, c, Application::Structures)
}

// What a trainee runs.

fn modifier_fiche(
    sb: &Sandbox,
    c: Option<&CompteId>,
    telephone: &str,
    email: &str,
) -> Result<Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    let mut form = FormulaireStructure::of(&s);
    form.telephone = telephone.into();
    form.email = email.into();
    fiche::modifier_structure(sb, moi(c)?, &s.id, &form)
}
fn completer_fiche(
    sb: &Sandbox,
    c: Option<&CompteId>,
    _: Timestamp,
) -> Result<Outcome, DomainError> {
    modifier_fiche(sb, c, TELEPHONE, EMAIL)
}
fn fiche_email_errone(
    sb: &Sandbox,
    c: Option<&CompteId>,
    _: Timestamp,
) -> Result<Outcome, DomainError> {
    modifier_fiche(sb, c, TELEPHONE, "compta@papeterie-du-centre.example")
}
fn ajouter_compte(sb: &Sandbox, c: Option<&CompteId>, iban: &str) -> Result<Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    let form = FormulaireCoordonneesBancaires {
        libelle: LIBELLE_COMPTE.into(),
        iban: iban.into(),
        bic: BIC.into(),
        affactureur: false,
    };
    banque::ajouter_coordonnees_bancaires(sb, moi(c)?, &s.id, &form).map(|o| o.with_value(()))
}
fn ajouter_compte_juste(
    sb: &Sandbox,
    c: Option<&CompteId>,
    _: Timestamp,
) -> Result<Outcome, DomainError> {
    ajouter_compte(sb, c, IBAN)
}
fn ajouter_compte_mauvaise_cle(
    sb: &Sandbox,
    c: Option<&CompteId>,
    _: Timestamp,
) -> Result<Outcome, DomainError> {
    ajouter_compte(sb, c, IBAN_MAUVAISE_CLE)
}
fn creer_service(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
    code: &str,
    libelle: &str,
) -> Result<Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    let form = FormulaireService {
        code: code.into(),
        libelle: libelle.into(),
        debut_validite: DEBUT_SERVICES.into(),
        ..FormulaireService::default()
    };
    services::creer_service(sb, moi(c)?, &s.id, &form, t).map(|o| o.with_value(()))
}
fn creer_compta(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    creer_service(sb, c, t, CODE_COMPTA, LIBELLE_COMPTA)
}
fn creer_atelier(sb: &Sandbox, c: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    creer_service(sb, c, t, CODE_ATELIER, LIBELLE_ATELIER)
}
fn creer_atelier_libelle_court(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    creer_service(sb, c, t, CODE_ATELIER, "Atelier")
}
fn ouvrir_application(
    sb: &Sandbox,
    c: Option<&CompteId>,
    app: Application,
) -> Result<Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    let mut apps = s.applications.clone();
    apps.push(app);
    fiche::modifier_applications(sb, moi(c)?, &s.id, &apps)
}
fn ouvrir_travaux(
    sb: &Sandbox,
    c: Option<&CompteId>,
    _: Timestamp,
) -> Result<Outcome, DomainError> {
    ouvrir_application(sb, c, Application::FacturesTravaux)
}
fn ouvrir_a_valider(
    sb: &Sandbox,
    c: Option<&CompteId>,
    _: Timestamp,
) -> Result<Outcome, DomainError> {
    ouvrir_application(sb, c, Application::FacturesAValider)
}
fn valider_collegue(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    let r = rattachement_collegue(sb, c)
        .ok_or_else(|| DomainError::Rule("Aucune demande de Lucas Bernard.".into()))?;
    rattachement::traiter_demandes(
        sb,
        moi(c)?,
        &s.id,
        std::slice::from_ref(&r.id),
        Decision::Valider,
        "",
        t,
    )
    .map(|o| o.with_value(()))
}
fn habiliter_collegue(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    let r = rattachement_collegue(sb, c)
        .ok_or_else(|| DomainError::Rule("Aucune demande de Lucas Bernard.".into()))?;
    // Inserted one by one: `BTreeMap::from` an array is a heavier instantiation in the bundle.
    let mut h = BTreeMap::new();
    h.insert(Application::FacturesEmises, Habilitation::Modification);
    h.insert(Application::FacturesTravaux, Habilitation::Modification);
    h.insert(Application::Structures, Habilitation::Consultation);
    utilisateurs::modifier_habilitations(sb, moi(c)?, &r.id, &h, t)
}

const FICHE: &str = "Fiche structure";
const BANQUE: &str = "Coordonnées bancaires";

pub const SCENARIO: Scenario = Scenario {
    id: "fiche-structure",
    version: 1,
    titre: "TP — Paramétrage d'une fiche structure",
    objectifs: &[
        "compléter la fiche structure à partir des informations de l'entreprise",
        "enregistrer un compte bancaire avec un IBAN valide",
        "créer les services de la structure",
        "choisir les applications ouvertes à la structure",
        "valider un rattachement en donnant les bonnes habilitations",
    ],
    duree_minutes: 45,
    cotes: Cotes::Fournisseur,
    documents: &[FICHE_IDENTITE],
    graine: include_str!("../graines/fiche-structure.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "Compléter la fiche structure",
            etapes: &[Etape {
                titre: "Téléphone et adresse électronique",
                consigne: "Vous êtes Camille Martin, gestionnaire principale de la Papeterie du Centre. Ouvrez la fiche de votre structure (Organisation › Mes structures) et renseignez le téléphone et l'adresse électronique indiqués par la fiche d'identité de l'entreprise.",
                indice: "Sur la fiche structure, « Modifier » ouvre le formulaire des informations générales ; les deux champs sont en bas du formulaire.",
                solution: "Organisation › Mes structures › Papeterie du Centre › Modifier : Téléphone « 04 78 42 16 90 », Adresse électronique « comptabilite@papeterie-du-centre.example », puis Enregistrer.",
                controles: &[
                    Controle { objet: FICHE, champ: "Téléphone", attendu: TELEPHONE, format: Format::Identifiant, lire: telephone },
                    Controle { objet: FICHE, champ: "Adresse électronique", attendu: EMAIL, format: Format::Texte, lire: email },
                ],
                resoudre: &[completer_fiche],
                erreur: ErreurType {
                    commandes: erreur!(fiche_email_errone),
                    message: texte_erreur!("Fiche structure — Adresse électronique : « compta@papeterie-du-centre.example » au lieu de « comptabilite@papeterie-du-centre.example »."),
                },
            }],
        },
        Exercice {
            titre: "Coordonnées bancaires",
            etapes: &[Etape {
                titre: "Le compte bancaire de l'entreprise",
                consigne: "Ajoutez le compte bancaire de l'entreprise (libellé, IBAN et BIC de la fiche d'identité) : c'est lui que vos factures proposeront pour le paiement.",
                indice: "Depuis la fiche structure, « Coordonnées bancaires » puis « Ajouter un compte bancaire ». L'IBAN se tape avec ou sans espaces ; sa clé (les 2 chiffres après FR) est vérifiée.",
                solution: "Coordonnées bancaires › Ajouter : Libellé « Compte principal », IBAN « FR14 2004 1010 0505 0001 3M02 606 », BIC « PSSTFRPPLYO ».",
                controles: &[
                    Controle { objet: BANQUE, champ: "Libellé", attendu: LIBELLE_COMPTE, format: Format::Texte, lire: libelle_compte },
                    Controle { objet: BANQUE, champ: "IBAN", attendu: IBAN, format: Format::Identifiant, lire: iban },
                    Controle { objet: BANQUE, champ: "BIC", attendu: BIC, format: Format::Identifiant, lire: bic },
                ],
                resoudre: &[ajouter_compte_juste],
                erreur: ErreurType {
                    commandes: erreur!(ajouter_compte_mauvaise_cle),
                    message: texte_erreur!("La clé de contrôle de l'IBAN est incorrecte"),
                },
            }],
        },
        Exercice {
            titre: "Services",
            etapes: &[Etape {
                titre: "Créer les deux services",
                consigne: "Créez les services COMPTA et ATELIER de la fiche d'identité, valables à partir du 01/11/2026 : vos clients publics pourront les citer.",
                indice: "Fiche structure › Services › « Ajouter un service » : le code en majuscules, le libellé exactement comme sur la fiche d'identité.",
                solution: "Services › Ajouter : « COMPTA » — « Comptabilité », puis « ATELIER » — « Atelier d'impression », début de validité 01/11/2026.",
                controles: &[
                    Controle { objet: "Service COMPTA", champ: "Libellé", attendu: LIBELLE_COMPTA, format: Format::Texte, lire: service_compta },
                    Controle { objet: "Service ATELIER", champ: "Libellé", attendu: LIBELLE_ATELIER, format: Format::Texte, lire: service_atelier },
                ],
                resoudre: &[creer_compta, creer_atelier],
                erreur: ErreurType {
                    commandes: erreur!(creer_compta, creer_atelier_libelle_court),
                    message: texte_erreur!("Service ATELIER — Libellé : « Atelier » au lieu de « Atelier d'impression »."),
                },
            }],
        },
        Exercice {
            titre: "Applications",
            etapes: &[Etape {
                titre: "Ouvrir « Factures de travaux »",
                consigne: "L'entreprise réalise aussi des chantiers d'aménagement de bureaux : ouvrez l'application qui convient, comme le demande la fiche d'identité.",
                indice: "Fiche structure › « Applications » : cochez l'application des factures de travaux, puis enregistrez.",
                solution: "Fiche structure › Applications : cocher « Factures de travaux » et enregistrer.",
                controles: &[Controle { objet: "Application « Factures de travaux »", champ: "État", attendu: ACTIVEE, format: Format::Texte, lire: travaux }],
                resoudre: &[ouvrir_travaux],
                erreur: ErreurType {
                    commandes: erreur!(ouvrir_a_valider),
                    message: texte_erreur!("Application « Factures de travaux » — État : « Non activée » au lieu de « Activée »."),
                },
            }],
        },
        Exercice {
            titre: "Utilisateurs",
            etapes: &[Etape {
                titre: "Valider Lucas Bernard avec ses habilitations",
                consigne: "Lucas Bernard a demandé son rattachement : validez-le, puis donnez-lui exactement les habilitations de la fiche d'identité.",
                indice: "Fiche structure › Utilisateurs : la demande est dans « Demandes de rattachement ». Une fois validée, « Habilitations » sur sa ligne.",
                solution: "Utilisateurs › Demandes : cocher Lucas Bernard, « Valider » ; puis ses habilitations : Factures émises « Modification », Factures de travaux « Modification », Structures « Consultation ».",
                controles: &[
                    Controle { objet: "Rattachement de Lucas Bernard", champ: "Statut", attendu: VALIDEE, format: Format::Texte, lire: statut_collegue },
                    Controle { objet: "Habilitations de Lucas Bernard", champ: "Factures émises", attendu: MODIFICATION, format: Format::Texte, lire: hab_emises },
                    Controle { objet: "Habilitations de Lucas Bernard", champ: "Factures de travaux", attendu: MODIFICATION, format: Format::Texte, lire: hab_travaux },
                    Controle { objet: "Habilitations de Lucas Bernard", champ: "Structures", attendu: CONSULTATION, format: Format::Texte, lire: hab_structures },
                ],
                resoudre: &[valider_collegue, habiliter_collegue],
                erreur: ErreurType {
                    commandes: erreur!(valider_collegue),
                    message: texte_erreur!("Habilitations de Lucas Bernard — Structures : « Aucune » au lieu de « Consultation »."),
                },
            }],
        },
    ],
};
