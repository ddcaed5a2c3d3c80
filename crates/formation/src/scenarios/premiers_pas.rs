//! « Premiers pas »: create an account, activate it from the Messagerie, log in, create one's
//! structure. The sandbox starts empty; the checks find the account by the address the
//! document gives.

use crate::comparaison::Format;
use crate::graine::Atelier;
use crate::{Controle, Cotes, Document, ErreurType, Etape, Exercice, Graine, Scenario};
use domain::compte::inscription::{self, FormulaireCreationCompte};
use domain::compte::{connexion, par_adresse_de_connexion, Compte, StatutCompte};
use domain::kernel::ids::CompteId;
use domain::organisation::fiche_structure::{self as fiche, FormulaireStructure};
use domain::organisation::rattachement;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use std::rc::Rc;

const EMAIL: &str = "alex.martin@informatique-services.example";
const EMAIL_FAUTE: &str = "alex.martin@informatique-service.example";
const MOT_DE_PASSE: &str = "Formation#2026";
const SIRET: &str = "950 158 493 00011";
const SIRET_FAUX: &str = "950 158 493 00012";
const RAISON_SOCIALE: &str = "Informatique Services Conseil";

const FICHE: Document = Document {
    titre: "Votre fiche d'arrivée",
    emetteur: "Informatique Services Conseil — service administratif",
    lignes: &[
        ("Prénom et nom", "Alex Martin"),
        ("Adresse électronique de connexion", EMAIL),
        ("Mot de passe (exemple conforme)", MOT_DE_PASSE),
        ("Entreprise", RAISON_SOCIALE),
        ("SIRET de l'entreprise", SIRET),
    ],
};

fn graine() -> Result<Graine, DomainError> {
    // Nothing prepared: the trainee creates everything.
    Ok(Atelier::new("pp").fin(None))
}

fn compte(sb: &Sandbox) -> Option<&Rc<Compte>> {
    par_adresse_de_connexion(sb, EMAIL)
}

fn adresse(sb: &Sandbox, _: Option<&CompteId>) -> Option<String> {
    compte(sb).map(|a| a.login_email.clone())
}
fn etat(sb: &Sandbox, _: Option<&CompteId>) -> Option<String> {
    compte(sb).map(|a| a.status.label().to_string())
}
fn connecte(sb: &Sandbox, _: Option<&CompteId>) -> Option<String> {
    compte(sb).map(|a| {
        if a.last_login_at.is_some() {
            "Oui"
        } else {
            "Non"
        }
        .to_string()
    })
}
fn structure(sb: &Sandbox, _: Option<&CompteId>) -> Option<String> {
    let a = compte(sb)?;
    Some(
        rattachement::structure_de_travail(sb, a)
            .map(|s| s.raison_sociale.clone())
            .unwrap_or_default(),
    )
}

fn creer(sb: &Sandbox, email: &str, t: Timestamp) -> Result<Outcome, DomainError> {
    let form = FormulaireCreationCompte {
        login_email: email.into(),
        nom: "Martin".into(),
        prenom: "Alex".into(),
        telephone: String::new(),
        password: MOT_DE_PASSE.into(),
        confirmation: MOT_DE_PASSE.into(),
    };
    inscription::creer_compte(sb, &form, t).map(|o| o.with_value(()))
}
fn creer_juste(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    creer(sb, EMAIL, t)
}
fn creer_faute(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    creer(sb, EMAIL_FAUTE, t)
}
fn activer(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    let token = compte(sb)
        .filter(|a| a.status == StatutCompte::EnAttenteActivation)
        .and_then(|a| a.link.as_ref())
        .map(|l| l.token.clone())
        .ok_or_else(|| DomainError::Rule("Aucun lien d'activation en attente.".into()))?;
    inscription::activer_compte(sb, &token, t).map(|o| o.with_value(()))
}
fn renvoyer(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    inscription::renvoyer_lien_activation(sb, EMAIL, t)
}
fn connecter(sb: &Sandbox, _: Option<&CompteId>, t: Timestamp) -> Result<Outcome, DomainError> {
    connexion::se_connecter(sb, EMAIL, MOT_DE_PASSE, t).map(|o| o.with_value(()))
}
fn connecter_faux(
    sb: &Sandbox,
    _: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    connexion::se_connecter(sb, EMAIL, "formation#2026", t).map(|o| o.with_value(()))
}
fn creer_structure(sb: &Sandbox, siret: &str, t: Timestamp) -> Result<Outcome, DomainError> {
    let id = compte(sb)
        .map(|a| a.id.clone())
        .ok_or_else(|| DomainError::Rule("Le compte n'existe pas.".into()))?;
    let mut form = FormulaireStructure {
        identifier: siret.into(),
        ..FormulaireStructure::default()
    };
    if let Ok(Some(e)) = fiche::rechercher_dans_insee(siret) {
        form.remplir_depuis_insee(&e);
    }
    fiche::creer_structure(sb, &id, &form, t).map(|o| o.with_value(()))
}
fn structure_juste(
    sb: &Sandbox,
    _: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    creer_structure(sb, SIRET, t)
}
fn structure_faute(
    sb: &Sandbox,
    _: Option<&CompteId>,
    t: Timestamp,
) -> Result<Outcome, DomainError> {
    creer_structure(sb, SIRET_FAUX, t)
}

const COMPTE: &str = "Compte d'Alex Martin";

pub const SCENARIO: Scenario = Scenario {
    id: "premiers-pas",
    version: 1,
    titre: "Premiers pas : compte, activation, connexion, structure",
    objectifs: &[
        "créer son compte utilisateur avec son adresse professionnelle",
        "l'activer par le lien reçu dans la messagerie",
        "se connecter au portail",
        "créer la structure de son entreprise à partir de son SIRET",
    ],
    duree_minutes: 20,
    cotes: Cotes::Fournisseur,
    documents: &[FICHE],
    graine: include_str!("../graines/premiers-pas.txt"),
    constructeur: constructeur!(graine),
    exercices: &[
        Exercice {
            titre: "Le compte",
            etapes: &[
                Etape {
                    titre: "Créer son compte",
                    consigne: "Vous êtes Alex Martin, qui arrive chez Informatique Services Conseil. Créez votre compte avec l'adresse électronique de votre fiche d'arrivée (le bac à sable est vide : personne n'est connecté).",
                    indice: "Accueil › « Créer un compte ». Le mot de passe doit comporter au moins 12 caractères, avec majuscule, minuscule, chiffre et caractère spécial.",
                    solution: "Créer un compte : adresse alex.martin@informatique-services.example, nom Martin, prénom Alex, mot de passe Formation#2026 (deux fois).",
                    controles: &[Controle { objet: COMPTE, champ: "Adresse électronique de connexion", attendu: EMAIL, format: Format::Texte, lire: adresse }],
                    resoudre: &[creer_juste],
                    erreur: ErreurType {
                        commandes: erreur!(creer_faute),
                        message: texte_erreur!("Compte d'Alex Martin — Adresse électronique de connexion : introuvable (attendu : « alex.martin@informatique-services.example »)."),
                    },
                },
                Etape {
                    titre: "L'activer depuis la Messagerie",
                    consigne: "Un message d'activation vous attend : ouvrez la Messagerie du bac à sable et suivez le lien (valable 60 minutes).",
                    indice: "Le lien « Messagerie » est en haut de chaque page ; le message s'intitule « Activation de votre compte ».",
                    solution: "Messagerie › le message d'activation › « Activer mon compte ».",
                    controles: &[Controle { objet: COMPTE, champ: "État", attendu: "Actif", format: Format::Texte, lire: etat }],
                    resoudre: &[activer],
                    erreur: ErreurType {
                        commandes: erreur!(renvoyer),
                        message: texte_erreur!("Compte d'Alex Martin — État : « En attente d'activation » au lieu de « Actif »."),
                    },
                },
                Etape {
                    titre: "Se connecter",
                    consigne: "Connectez-vous avec votre adresse et votre mot de passe.",
                    indice: "« Se connecter », en haut à droite. Le mot de passe distingue majuscules et minuscules.",
                    solution: "Se connecter : alex.martin@informatique-services.example et le mot de passe choisi.",
                    controles: &[Controle { objet: COMPTE, champ: "Déjà connecté", attendu: "Oui", format: Format::Texte, lire: connecte }],
                    resoudre: &[connecter],
                    erreur: ErreurType {
                        commandes: erreur!(connecter_faux),
                        message: texte_erreur!("Adresse électronique de connexion ou mot de passe incorrect."),
                    },
                },
            ],
        },
        Exercice {
            titre: "La structure",
            etapes: &[Etape {
                titre: "Créer la structure de l'entreprise",
                consigne: "Première connexion : créez la structure de votre entreprise à partir de son SIRET (fiche d'arrivée). Vous en deviendrez le gestionnaire principal.",
                indice: "« Créer une nouvelle structure », puis « Rechercher dans la base INSEE » remplit la fiche à partir du SIRET.",
                solution: "Créer une nouvelle structure : SIRET 950 158 493 00011, Rechercher dans la base INSEE, puis « Créer la structure ».",
                controles: &[Controle { objet: COMPTE, champ: "Structure de travail", attendu: RAISON_SOCIALE, format: Format::Texte, lire: structure }],
                resoudre: &[structure_juste],
                erreur: ErreurType {
                    commandes: erreur!(structure_faute),
                    message: texte_erreur!("sa clé de contrôle ne correspond pas"),
                },
            }],
        },
    ],
};
