//! The catalogue: one module per scenario, each a static table plus its seed.
//!
//! The typical mistakes' commands (`erreur!`) and messages (`texte_erreur!`) are compiled with the `verification` feature only
//! (the tests): the app never runs them, so they stay out of its bundle.

#[cfg(feature = "verification")]
macro_rules! erreur {
    ($($c:expr),*) => { &[$($c),*] };
}
#[cfg(not(feature = "verification"))]
macro_rules! erreur {
    ($($c:expr),*) => {
        &[]
    };
}
/// The message a typical mistake must produce: tests only, like its commands.
#[cfg(feature = "verification")]
macro_rules! texte_erreur {
    ($m:expr) => {
        $m
    };
}
#[cfg(not(feature = "verification"))]
macro_rules! texte_erreur {
    ($m:expr) => {
        ""
    };
}

/// The code that builds a seed by running the domain's commands: tests only (they check that the
/// shipped seed text is exactly what it builds); the app loads the seed text.
#[cfg(feature = "verification")]
macro_rules! constructeur {
    ($f:expr) => {
        Some($f)
    };
}
#[cfg(not(feature = "verification"))]
macro_rules! constructeur {
    ($f:expr) => {
        None
    };
}

#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod entite_publique;
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod fiche_structure;
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod premiers_pas;
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod saisie_facture;
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod suivi_fournisseur;
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod synthese;
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod typologies;
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
mod utilisateurs;

use crate::graine::Atelier;
use crate::Scenario;
use domain::facturation::facture::{Cadre, ModeDepot, TypeFacture};
use domain::facturation::saisie::{self, FormulaireFacture, FormulaireLigne};
use domain::kernel::ids::CompteId;
use domain::kernel::ids::StructureId;
use domain::kernel::time::paris_date;
use domain::organisation::fiche_structure::{self as fiche, FormulaireStructure};
use domain::organisation::insee;
use domain::organisation::rattachement::{self, Rattachement};
use domain::organisation::structure::Structure;
use domain::{DomainError, Sandbox};
use std::rc::Rc;

pub static CATALOGUE: [Scenario; 8] = [
    premiers_pas::SCENARIO,
    fiche_structure::SCENARIO,
    utilisateurs::SCENARIO,
    typologies::SCENARIO,
    saisie_facture::SCENARIO,
    suivi_fournisseur::SCENARIO,
    entite_publique::SCENARIO,
    synthese::SCENARIO,
];

/// The trainee's account, which every command of a solution needs.
fn moi(compte: Option<&CompteId>) -> Result<&CompteId, DomainError> {
    compte.ok_or_else(|| DomainError::Rule("Ce scénario n'a pas de compte stagiaire.".into()))
}

/// The structure the trainee works for.
fn sa_structure<'a>(sb: &'a Sandbox, compte: Option<&CompteId>) -> Option<&'a Rc<Structure>> {
    let c = sb.comptes.get(compte?)?;
    rattachement::structure_de_travail(sb, c)
}

/// The structure the trainee works for, for a command.
fn structure_de(sb: &Sandbox, compte: Option<&CompteId>) -> Result<Rc<Structure>, DomainError> {
    sa_structure(sb, compte)
        .cloned()
        .ok_or_else(|| DomainError::Rule("Le stagiaire ne travaille pour aucune structure.".into()))
}

/// Camille Martin, the trainee, gestionnaire principale of the Papeterie du Centre she created
/// (from the simulated INSEE base).
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
fn papeterie(a: &mut Atelier) -> Result<(CompteId, StructureId), DomainError> {
    let moi = a.compte(
        "stagiaire",
        "Camille",
        "Martin",
        "camille.martin@papeterie-du-centre.example",
    );
    let papeterie = insee::base()
        .into_iter()
        .nth(1)
        .ok_or_else(|| DomainError::Rule("Base INSEE incomplète.".into()))?;
    let mut form = FormulaireStructure {
        identifier: papeterie.siret.clone(),
        ..FormulaireStructure::default()
    };
    form.remplir_depuis_insee(&papeterie);
    a.run(&|sb, t| fiche::creer_structure(sb, &moi, &form, t).map(|o| o.with_value(())))?;
    let structure = structure_de(&a.sb, Some(&moi))?.id.clone();
    Ok((moi, structure))
}

/// The Papeterie du Centre as above, with its « Compte principal » (a valid IBAN): where the
/// invoicing scenarios start.
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
fn papeterie_avec_compte(a: &mut Atelier) -> Result<(CompteId, StructureId), DomainError> {
    let (moi, structure) = papeterie(a)?;
    let form = domain::organisation::coordonnees_bancaires::FormulaireCoordonneesBancaires {
        libelle: "Compte principal".into(),
        iban: "FR14 2004 1010 0505 0001 3M02 606".into(),
        bic: "PSSTFRPPLYO".into(),
        affactureur: false,
    };
    a.run(&|sb, _| {
        domain::organisation::coordonnees_bancaires::ajouter_coordonnees_bancaires(
            sb, &moi, &structure, &form,
        )
        .map(|o| o.with_value(()))
    })?;
    Ok((moi, structure))
}

/// A colleague's account and their rattachement request to `structure`.
#[cfg_attr(not(feature = "verification"), allow(dead_code))]
fn demande(
    a: &mut Atelier,
    structure: &StructureId,
    (suffixe, prenom, nom): (&str, &str, &str),
    commentaire: &str,
) -> Result<CompteId, DomainError> {
    let email = format!(
        "{}.{}@papeterie-du-centre.example",
        crate::comparaison::identifiant(prenom),
        crate::comparaison::identifiant(nom)
    );
    let c = a.compte(suffixe, prenom, nom, &email);
    a.run(&|sb, t| {
        rattachement::demander_rattachement(sb, &c, structure, &[], commentaire, t)
            .map(|o| o.with_value(()))
    })?;
    Ok(c)
}

/// The rattachement of the person named `nom_complet` (« Prénom Nom ») to the trainee's
/// structure.
fn rattachement_de<'a>(
    sb: &'a Sandbox,
    c: Option<&CompteId>,
    nom_complet: &str,
) -> Option<&'a Rattachement> {
    let s = sa_structure(sb, c)?;
    let compte = sb.comptes.values().find(|a| a.full_name() == nom_complet)?;
    rattachement::find(sb, &compte.id, &s.id).map(|r| r.as_ref())
}

/// An invoice as a scenario describes it (one form-filling code for every scenario: the bundle
/// keeps one copy).
pub(super) struct Piece {
    pub numero: &'static str,
    /// The recipient's SIRET.
    pub destinataire: &'static str,
    pub service: &'static str,
    pub ej: &'static str,
    /// (désignation, quantité, prix unitaire HT, taux de TVA en centièmes de %).
    pub lignes: &'static [(&'static str, &'static str, &'static str, &'static str)],
    pub cadre: Cadre,
    pub type_facture: TypeFacture,
    pub valideur: &'static str,
    pub origine: &'static str,
    pub marche: &'static str,
}

impl Piece {
    pub const fn new(
        numero: &'static str,
        (destinataire, service, ej): (&'static str, &'static str, &'static str),
        lignes: &'static [(&'static str, &'static str, &'static str, &'static str)],
    ) -> Piece {
        Piece {
            numero,
            destinataire,
            service,
            ej,
            lignes,
            cadre: Cadre::A1,
            type_facture: TypeFacture::Facture,
            valideur: "",
            origine: "",
            marche: "",
        }
    }
}

/// Saves as a draft (`envoyer` false) or sends the invoice `p` of `emetteur`, as `actor`; a draft
/// of the same number is completed rather than duplicated.
pub(super) fn deposer(
    sb: &Sandbox,
    actor: &CompteId,
    emetteur: &StructureId,
    p: &Piece,
    t: domain::Timestamp,
    envoyer: bool,
) -> Result<domain::Outcome, DomainError> {
    let s = sb
        .structures
        .get(emetteur)
        .ok_or_else(|| DomainError::Rule("Structure émettrice absente.".into()))?;
    let mut form = FormulaireFacture::initiale(ModeDepot::SaisiePortail, Some(s), paris_date(t));
    form.destinataire = p.destinataire.into();
    form.code_service = p.service.into();
    form.ej = p.ej.into();
    form.numero = p.numero.into();
    form.cadre = p.cadre;
    form.type_facture = p.type_facture;
    form.valideur = p.valideur.into();
    form.facture_origine = p.origine.into();
    form.marche = p.marche.into();
    form.lignes = p
        .lignes
        .iter()
        .map(|(d, q, prix, taux)| FormulaireLigne {
            designation: (*d).into(),
            quantite: (*q).into(),
            prix: (*prix).into(),
            taux: (*taux).into(),
            unite: "u".into(),
            ..FormulaireLigne::default()
        })
        .collect();
    let brouillon = sb
        .factures
        .values()
        .find(|f| &f.emetteur == emetteur && f.is_draft() && f.numero == p.numero)
        .map(|f| f.id.clone());
    let out = if envoyer {
        saisie::envoyer(sb, actor, emetteur, brouillon.as_ref(), &form, t)
    } else {
        saisie::enregistrer_brouillon(sb, actor, emetteur, brouillon.as_ref(), &form, t)
    };
    out.map(|o| o.with_value(()))
}

/// `deposer` as the trainee, for the structure they work for.
pub(super) fn deposer_moi(
    sb: &Sandbox,
    c: Option<&CompteId>,
    t: domain::Timestamp,
    p: &Piece,
    envoyer: bool,
) -> Result<domain::Outcome, DomainError> {
    let s = structure_de(sb, c)?;
    deposer(sb, moi(c)?, &s.id, p, t, envoyer)
}
