//! Reliability (issue 11): the read set each uniqueness decision declares, and the rules that must
//! hold whatever the pages offer (a structure keeps its GP, an inactive account acts on nothing,
//! the simulated recipient acts only for a structure that receives invoices, « Traiter » refusals).

use crate::common::factures::{claire, menuiserie, COMPTE_PRINCIPAL, HUGO, MARC, NADIA, RIVEBELLE};
use crate::common::organisation::with_structure;
use crate::common::{run, t0};
use chrono::Duration;
use domain::compte::inscription::{self, FormulaireCreationCompte};
use domain::compte::{Compte, StatutCompte};
use domain::facturation::cycle::{self, Traitement};
use domain::facturation::facture::{ModeDepot, Statut};
use domain::facturation::saisie::{self, FormulaireFacture, FormulaireLigne};
use domain::kernel::ids::{CompteId, FactureId, StructureId};
use domain::organisation::droits::Application;
use domain::organisation::rattachement::{self, IssueDemande};
use domain::organisation::structure::{Comportement, StatutStructure, Structure};
use domain::organisation::utilisateurs;
use domain::simulation::demo::DEMO_PASSWORD;
use domain::simulation::destinataire;
use domain::{Collection, DomainError, Read, Record, RecordKey, Sandbox};
use std::rc::Rc;

fn indexes<T>(out: &domain::Outcome<T>) -> Vec<(String, DomainError)> {
    out.reads
        .iter()
        .filter_map(|r| match r {
            Read::Index { key, taken } => Some((key.clone(), taken.clone())),
            Read::Record(_) => None,
        })
        .collect()
}

fn invoice(numero: &str, quantites: &[&str]) -> FormulaireFacture {
    FormulaireFacture {
        destinataire: RIVEBELLE.into(),
        code_service: "ACHATS".into(),
        coordonnees_bancaires: COMPTE_PRINCIPAL.into(),
        numero: numero.into(),
        date: "2026-11-20".into(),
        lignes: quantites
            .iter()
            .map(|q| FormulaireLigne {
                designation: format!("Ligne {q}"),
                quantite: (*q).into(),
                prix: "100".into(),
                taux: "2000".into(),
                ..FormulaireLigne::default()
            })
            .collect(),
        ..FormulaireFacture::nouvelle(ModeDepot::SaisiePortail)
    }
}

fn sent(sb: &mut Sandbox, numero: &str, quantites: &[&str]) -> FactureId {
    let f = invoice(numero, quantites);
    run(sb, |sb| {
        saisie::envoyer(sb, &claire(), &menuiserie(), None, &f, t0())
    })
    .facture
}

#[test]
fn each_uniqueness_decision_takes_its_value_with_the_plain_duplicates_refusal() {
    let sb = domain::simulation::base::sandbox();
    let form = FormulaireCreationCompte {
        login_email: " Nouveau@Exemple.fr".into(),
        nom: "Martin".into(),
        prenom: "Claire".into(),
        telephone: String::new(),
        password: "Formation#2026".into(),
        confirmation: "Formation#2026".into(),
    };
    let out = inscription::creer_compte(&sb, &form, t0()).unwrap();
    let taken = indexes(&out);
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].0, "login:nouveau@exemple.fr");
    assert_eq!(
        taken[0]
            .1
            .for_field(domain::compte::champs::ADRESSE_CONNEXION),
        Some(inscription::LOGIN_DEJA_UTILISE)
    );

    let out = saisie::envoyer(
        &sb,
        &claire(),
        &menuiserie(),
        None,
        &invoice(" FA-Unique ", &["1"]),
        t0(),
    )
    .unwrap();
    let taken = indexes(&out);
    assert_eq!(
        taken[0].0, "numero:demo-menuiserie-durand:2026:fa-unique",
        "per structure, year, number (case and spaces ignored)"
    );
    assert_eq!(
        taken[0].1.for_field(saisie::champs::NUMERO),
        Some(saisie::NUMERO_DEJA_UTILISE)
    );
    // A draft takes no number.
    let draft = saisie::enregistrer_brouillon(
        &sb,
        &claire(),
        &menuiserie(),
        None,
        &invoice("FA-Unique", &["1"]),
        t0(),
    )
    .unwrap();
    assert!(indexes(&draft).is_empty());
}

#[test]
fn only_a_request_to_an_orphan_structure_takes_its_gp() {
    let sb = domain::simulation::base::sandbox();
    let orphan = sb
        .structures
        .values()
        .find(|s| {
            s.is_public() && s.is_active() && rattachement::gestionnaires(&sb, &s.id).is_empty()
        })
        .map(|s| s.id.clone())
        .unwrap();
    let out = rattachement::demander_rattachement(&sb, &claire(), &orphan, &[], "", t0()).unwrap();
    assert_eq!(
        out.value.issue,
        IssueDemande::RattacheCommeGestionnairePrincipal
    );
    let taken = indexes(&out);
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].0, format!("gp:{}", orphan.as_str()));
    assert_eq!(
        taken[0].1.for_field(rattachement::champs::STRUCTURE),
        Some(rattachement::GP_DESIGNE_ENTRE_TEMPS)
    );
    assert!(out.reads.contains(&Read::Record(RecordKey::new(
        Collection::Structure,
        orphan.as_str()
    ))));
    // Rivebelle has its GP: the request goes to Marc, no GP is taken.
    let rivebelle = StructureId::from(format!("annuaire-{RIVEBELLE}").as_str());
    let out =
        rattachement::demander_rattachement(&sb, &claire(), &rivebelle, &[], "", t0()).unwrap();
    assert_eq!(out.value.issue, IssueDemande::EnvoyeeAuGestionnaire);
    assert!(indexes(&out).is_empty());
}

#[test]
fn the_sole_gp_transfers_the_role_before_deactivating_the_account() {
    let mut sb = domain::simulation::base::sandbox();
    let err = rattachement::desactiver_mon_compte(&sb, &claire(), DEMO_PASSWORD, t0()).unwrap_err();
    assert_eq!(
        err,
        DomainError::Rule("Vous êtes le seul gestionnaire principal de la structure « Menuiserie Durand et Fils » : transférez d'abord ce rôle à un utilisateur de la structure (Organisation → Utilisateurs → Transférer le rôle de gestionnaire principal), puis désactivez votre compte.".to_string())
    );
    assert_eq!(sb.comptes[&claire()].status, StatutCompte::Actif);
    // Once Hugo is GP, Claire may leave.
    let hugo = rattachement::find(&sb, &CompteId::from(HUGO), &menuiserie())
        .unwrap()
        .id
        .clone();
    run(&mut sb, |sb| {
        utilisateurs::transferer_gestionnaire_principal(sb, &claire(), &menuiserie(), &hugo, t0())
    });
    run(&mut sb, |sb| {
        rattachement::desactiver_mon_compte(sb, &claire(), DEMO_PASSWORD, t0())
    });
    assert_eq!(sb.comptes[&claire()].status, StatutCompte::Desactive);
}

#[test]
fn a_gp_whose_other_gp_is_inactive_or_whose_structure_is_deactivated() {
    // The creator of a structure is its only GP.
    let (mut sb, gp, structure) = with_structure();
    let err = rattachement::desactiver_mon_compte(&sb, &gp, "mauvais", t0()).unwrap_err();
    assert!(
        matches!(&err, DomainError::Rule(m) if m.contains("transférez d'abord ce rôle")),
        "{err:?}"
    );
    // A deactivated structure needs no GP any more: only the password is then checked.
    let mut s: Structure = (*sb.structures[&structure]).clone();
    s.status = StatutStructure::Desactivee;
    sb.put(Record::Structure(Rc::new(s)));
    let err = rattachement::desactiver_mon_compte(&sb, &gp, "mauvais", t0()).unwrap_err();
    assert_eq!(
        err.for_field(domain::compte::champs::MOT_DE_PASSE_DESACTIVATION),
        Some("Le mot de passe est incorrect : le compte n'a pas été désactivé.")
    );
}

fn deactivate(sb: &mut Sandbox, id: &CompteId) {
    let mut a: Compte = (*sb.comptes[id]).clone();
    a.status = StatutCompte::Desactive;
    sb.put(Record::Compte(Rc::new(a)));
}

#[test]
fn an_inactive_account_is_refused_by_every_command_that_authorizes() {
    let mut sb = domain::simulation::base::sandbox();
    deactivate(&mut sb, &claire());
    let inactive =
        DomainError::Forbidden("Votre compte n'est pas actif : reconnectez-vous.".into());
    assert_eq!(
        rattachement::authorize(
            &sb,
            &claire(),
            &menuiserie(),
            domain::organisation::droits::Action::EmettreFactures
        )
        .map(|_| ()),
        Err(inactive.clone()),
        "its validated GP rattachement no longer counts"
    );
    assert_eq!(
        saisie::envoyer(
            &sb,
            &claire(),
            &menuiserie(),
            None,
            &invoice("FA-1", &["1"]),
            t0()
        )
        .map(|_| ()),
        Err(inactive)
    );
}

fn treat(statut: Statut) -> Traitement {
    Traitement {
        statut: statut.code().to_string(),
        motif: String::new(),
        mandat: String::new(),
    }
}

#[test]
fn every_traiter_permission_error_is_a_refusal() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "TR-1", &["1"]);
    // Nadia's account deactivated: refused as a permission, with its reason.
    deactivate(&mut sb, &CompteId::from(NADIA));
    assert_eq!(
        cycle::traiter(
            &sb,
            &CompteId::from(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::ServiceFait),
            t0()
        ),
        Err(DomainError::Forbidden(
            "Aucune facture n'a été traitée. Facture n° TR-1 : Votre compte n'est pas actif : reconnectez-vous.".into()
        ))
    );
    // An unknown account too.
    let err = cycle::traiter(
        &sb,
        &CompteId::from("inconnu"),
        std::slice::from_ref(&f),
        &treat(Statut::ServiceFait),
        t0(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, DomainError::Forbidden(m) if m.starts_with("Aucune facture n'a été traitée. Facture n° TR-1 : ")),
        "{err:?}"
    );
    // A status the invoice cannot take stays a rule, not a refusal of permission.
    let marc = CompteId::from(MARC);
    let service_fait = treat(Statut::ServiceFait);
    run(&mut sb, |sb| {
        cycle::traiter(sb, &marc, std::slice::from_ref(&f), &service_fait, t0())
    });
    let err =
        cycle::traiter(&sb, &marc, std::slice::from_ref(&f), &service_fait, t0()).unwrap_err();
    assert!(matches!(err, DomainError::Rule(_)), "{err:?}");
}

#[test]
fn the_simulated_recipient_acts_only_for_an_active_structure_receiving_invoices() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "SIM-1", &["1"]);
    let rivebelle = sb.factures[&f].destinataire.clone().unwrap();
    let mut s: Structure = (*sb.structures[&rivebelle]).clone();
    s.simulation = Some(Comportement::TraiteNormalement);
    sb.put(Record::Structure(Rc::new(s.clone())));
    let later = t0() + Duration::days(10);
    assert!(
        destinataire::simuler(&sb, later).unwrap().value > 0,
        "it acts while the structure receives invoices"
    );
    let mut sans = s.clone();
    sans.applications
        .retain(|a| *a != Application::FacturesRecues);
    sb.put(Record::Structure(Rc::new(sans)));
    let out = destinataire::simuler(&sb, later).unwrap();
    assert_eq!(out.value, 0, "no « Factures reçues »");
    assert!(out.changes.is_empty());
    let mut desactivee = s;
    desactivee.status = StatutStructure::Desactivee;
    sb.put(Record::Structure(Rc::new(desactivee)));
    let out = destinataire::simuler(&sb, later).unwrap();
    assert_eq!(out.value, 0, "a deactivated structure");
    assert!(out.changes.is_empty());
}

#[test]
fn a_credit_note_leaves_out_the_lines_whose_quantity_is_negative() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "AV-1", &["3", "-1", "0,5"]);
    let avoir = run(&mut sb, |sb| {
        cycle::creer_avoir(sb, &claire(), &f, t0() + Duration::days(1))
    });
    let quantites: Vec<i64> = sb.factures[&avoir]
        .lignes
        .iter()
        .map(|l| l.quantite.map(|q| q.0).unwrap_or_default())
        .collect();
    assert_eq!(quantites, vec![30_000, 5_000], "the -1 line is left out");
}
