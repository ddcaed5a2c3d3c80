//! Factures émises: the saisie's checks (facts §3.8), drafts, sending, numbering, the deposit
//! fingerprint, PDF deposits and the stored size of an invoice.

use crate::common::factures::*;
use crate::common::{run, t0};
use chrono::{Duration, TimeZone, Utc};
use domain::facturation::certificat::empreinte;
use domain::facturation::facture::{
    Cadre, Facture, ModeDepot, PieceJointe, Statut, TypeFacture, TypeTva,
};
use domain::facturation::routage;
use domain::facturation::saisie::{
    self, champs, FormulaireFacture, FormulaireLigne, NUMERO_DEJA_UTILISE,
};
use domain::kernel::error::FieldId;
use domain::kernel::ids::{CompteId, FactureId, PieceJointeId, StructureId};
use domain::kernel::money::Montant;
use domain::organisation::structure::{ProfilDestinataire, FACTURES_PUBLIQUES};
use domain::{DomainError, Record, Sandbox};
use std::rc::Rc;

/// The message the send gives at `field`.
fn error_at(sb: &Sandbox, form: &FormulaireFacture, field: impl Into<FieldId>) -> String {
    let field = field.into();
    let err = envoyer(sb, form, t0()).expect_err("sending is refused");
    err.for_field(field.clone())
        .unwrap_or_else(|| panic!("no error at {field:?}: {err:?}"))
        .to_string()
}

#[test]
fn a_complete_invoice_is_deposited_then_made_available() {
    let mut sb = domain::simulation::base::sandbox();
    let form = form_complet(&sb);
    let id = send_ok(&mut sb, &form, t0());
    let f = &sb.factures[&id];
    assert_eq!(f.statut, Statut::MiseADisposition);
    let steps: Vec<Statut> = f.historique.iter().map(|e| e.statut).collect();
    assert_eq!(steps, vec![Statut::Deposee, Statut::MiseADisposition]);
    assert_eq!(f.historique[0].par, Some(claire()), "deposited by the user");
    assert_eq!(f.historique[1].par, None, "made available by the portal");
    assert_eq!(f.depose_le(), Some(t0()));
    assert_eq!(f.mode_depot, ModeDepot::SaisiePortail);
    // 2 × 450 = 900,00; 3,5 × 62,40 = 218,40 → 1 118,40 at 20 % = 223,68; 199,99 at 5,5 % = 11,00
    let t = f.totaux();
    assert_eq!(t.total_ht, Montant(131_839));
    assert_eq!(t.total_tva, Montant(22_368 + 1_100));
    assert_eq!(t.total_ttc, Montant(131_839 + 23_468));
    assert_eq!(f.a_payer(), t.total_ttc);
    assert_eq!(f.empreinte.len(), 64);
}

#[test]
fn the_recipient_must_be_an_active_public_structure() {
    let sb = domain::simulation::base::sandbox();
    let mut form = form_complet(&sb);
    form.destinataire = String::new();
    assert!(error_at(&sb, &form, champs::DESTINATAIRE).contains("Indiquez le destinataire"));
    form.destinataire = "12345678200010".into();
    assert!(error_at(&sb, &form, champs::DESTINATAIRE).contains("Aucune structure publique"));
    // A private structure (the supplier itself) is not a recipient.
    form.destinataire = sb.structures[&menuiserie()].identifier.clone();
    assert!(error_at(&sb, &form, champs::DESTINATAIRE).contains("Aucune structure publique"));
    // A deactivated public structure.
    let mut sb2 = sb.clone();
    let (dest, _) = recipient(&sb, ProfilDestinataire::SansParametre);
    let mut closed = (*dest).clone();
    closed.status = domain::organisation::structure::StatutStructure::Desactivee;
    sb2.put(Record::Structure(Rc::new(closed)));
    form.destinataire = dest.identifier.clone();
    form.ej.clear();
    assert!(error_at(&sb2, &form, champs::DESTINATAIRE).contains("désactivée"));
}

#[test]
fn code_service_and_ej_follow_the_recipients_parameters() {
    let sb = domain::simulation::base::sandbox();
    let base = form_complet(&sb);
    // EJ obligatoire
    let mut form = base.clone();
    form.ej.clear();
    assert!(error_at(&sb, &form, champs::EJ).contains("exige un numéro d'engagement juridique"));
    // Code service obligatoire
    let (dest, service) = recipient(&sb, ProfilDestinataire::CodeServiceObligatoire);
    let mut form = base.clone();
    form.destinataire = dest.identifier.clone();
    form.ej.clear();
    assert!(error_at(&sb, &form, champs::CODE_SERVICE).contains("exige un code service"));
    form.code_service = "INCONNU".into();
    assert!(error_at(&sb, &form, champs::CODE_SERVICE).contains("n'est pas un service actif"));
    form.code_service = service.unwrap();
    envoyer(&sb, &form, t0()).expect("with its service it goes");
    // EJ ou code service: one of the two suffices
    let (dest, service) = recipient(&sb, ProfilDestinataire::EjOuCodeService);
    let mut form = base.clone();
    form.destinataire = dest.identifier.clone();
    form.ej.clear();
    assert!(error_at(&sb, &form, champs::CODE_SERVICE).contains("au moins l'un des deux"));
    assert!(error_at(&sb, &form, champs::EJ).contains("au moins l'un des deux"));
    form.ej = "EJ1".into();
    envoyer(&sb, &form, t0()).expect("the EJ alone suffices");
    form.ej.clear();
    form.code_service = service.unwrap();
    envoyer(&sb, &form, t0()).expect("the service alone suffices");
    // EJ et code service
    let (dest, service) = recipient(&sb, ProfilDestinataire::EjEtCodeService);
    let mut form = base.clone();
    form.destinataire = dest.identifier.clone();
    assert!(error_at(&sb, &form, champs::CODE_SERVICE).contains("exige un code service"));
    form.code_service = service.unwrap();
    form.ej.clear();
    assert!(error_at(&sb, &form, champs::EJ).contains("exige un numéro d'engagement"));
    // EJ too long
    let mut form = base.clone();
    form.ej = "E".repeat(51);
    assert!(error_at(&sb, &form, champs::EJ).contains("50 caractères"));
}

#[test]
fn a_service_may_require_an_ej_when_its_structure_does_not() {
    let sb = domain::simulation::base::sandbox();
    let day = domain::kernel::time::paris_date(t0());
    let (dest, service) = sb
        .structures
        .values()
        .filter(|s| s.is_public() && s.is_active())
        .filter(|s| {
            matches!(
                s.parametres.profile(),
                ProfilDestinataire::SansParametre | ProfilDestinataire::CodeServiceObligatoire
            )
        })
        .find_map(|s| {
            routage::services_actifs(&sb, &s.id, day)
                .into_iter()
                .find(|sv| sv.ej_obligatoire)
                .map(|sv| (s.clone(), sv.code.clone()))
        })
        .expect("the annuaire has a service requiring an EJ");
    let mut form = form_complet(&sb);
    form.destinataire = dest.identifier.clone();
    form.code_service = service.clone();
    form.ej.clear();
    let m = error_at(&sb, &form, champs::EJ);
    assert!(
        m.contains(&format!("Le service « {service} » exige")),
        "{m}"
    );
}

#[test]
fn factures_publiques_is_refused_to_a_private_supplier() {
    let sb = domain::simulation::base::sandbox();
    let day = domain::kernel::time::paris_date(t0());
    let dest = sb
        .structures
        .values()
        .find(|s| {
            s.is_public()
                && s.parametres.profile() == ProfilDestinataire::SansParametre
                && routage::services_actifs(&sb, &s.id, day)
                    .iter()
                    .any(|sv| sv.code == FACTURES_PUBLIQUES)
        })
        .expect("a public structure with FACTURES_PUBLIQUES");
    let mut form = form_complet(&sb);
    form.destinataire = dest.identifier.clone();
    form.ej.clear();
    form.code_service = FACTURES_PUBLIQUES.into();
    assert!(error_at(&sb, &form, champs::CODE_SERVICE)
        .contains("réservé aux factures entre entités publiques"));
}

#[test]
fn the_number_is_required_unique_per_structure_and_year_and_not_todays_date() {
    let mut sb = domain::simulation::base::sandbox();
    let mut form = form_complet(&sb);
    form.numero = "  ".into();
    assert!(error_at(&sb, &form, champs::NUMERO).contains("Saisissez le numéro"));
    form.numero = "20261123".into();
    assert!(error_at(&sb, &form, champs::NUMERO).contains("La date du jour"));
    form.numero = "23/11/2026".into();
    assert!(error_at(&sb, &form, champs::NUMERO).contains("La date du jour"));
    form.numero = "20261122".into();
    envoyer(&sb, &form, t0()).expect("another day's date is a number like any other");
    form.numero = "FA-1".into();
    send_ok(&mut sb, &form, t0());
    // Same number again, same year: the portal's message (case ignored).
    form.numero = "fa-1".into();
    assert_eq!(error_at(&sb, &form, champs::NUMERO), NUMERO_DEJA_UTILISE);
    // Another structure may use it.
    assert!(!saisie::numero_deja_utilise(
        &sb,
        &StructureId::from("autre"),
        "FA-1",
        2026,
        None
    ));
    // Next year, the number is free again.
    let next_year = Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap();
    form.date = "2027-01-04".into();
    let id = send_ok(&mut sb, &form, next_year);
    assert_eq!(sb.factures[&id].annee_depot(), Some(2027));
    // …but only once that year.
    assert_eq!(
        envoyer(&sb, &form, next_year + Duration::days(30))
            .unwrap_err()
            .for_field(champs::NUMERO),
        Some(NUMERO_DEJA_UTILISE)
    );
    // A draft with a used number may be saved; only sending is refused.
    saisie::enregistrer_brouillon(&sb, &claire(), &menuiserie(), None, &form, next_year)
        .expect("drafts are not numbered yet");
}

#[test]
fn dates_types_and_vat_options() {
    let sb = domain::simulation::base::sandbox();
    let base = form_complet(&sb);
    let mut form = base.clone();
    form.date = "2026-11-24".into();
    assert!(error_at(&sb, &form, champs::DATE_FACTURE).contains("futur"));
    form.date = "31/02/2026".into();
    assert!(!error_at(&sb, &form, champs::DATE_FACTURE).is_empty());
    form.date = String::new();
    assert!(error_at(&sb, &form, champs::DATE_FACTURE).contains("Saisissez la date"));
    // An avoir needs its original invoice, and no payment mode.
    let mut form = base.clone();
    form.type_facture = TypeFacture::Avoir;
    assert!(error_at(&sb, &form, champs::FACTURE_ORIGINE).contains("facture d'origine"));
    form.facture_origine = "FA-2026-000".into();
    form.mode_reglement.clear();
    let mut with_avoir = sb.clone();
    let id = send_ok(&mut with_avoir, &form, t0());
    let avoir = &with_avoir.factures[&id];
    assert_eq!(avoir.type_facture, TypeFacture::Avoir);
    assert_eq!(
        avoir.mode_reglement, None,
        "no payment mode on a credit note"
    );
    // Exonération needs its motif and 0 % lines.
    let mut form = base.clone();
    form.type_tva = TypeTva::Exoneration;
    assert!(error_at(&sb, &form, champs::MOTIF_EXONERATION).contains("motif d'exonération"));
    assert!(error_at(&sb, &form, champ_ligne(1, champs::ligne::TAUX))
        .contains("toutes les lignes sont à 0"));
    // Mode de règlement and bank details.
    let mut form = base.clone();
    form.mode_reglement.clear();
    assert!(error_at(&sb, &form, champs::MODE_REGLEMENT).contains("mode de règlement"));
    let mut form = base.clone();
    form.coordonnees_bancaires.clear();
    assert!(error_at(&sb, &form, champs::COORDONNEES_BANCAIRES).contains("virement"));
    form.mode_reglement = "CHEQUE".into();
    envoyer(&sb, &form, t0()).expect("a cheque needs no bank details");
    form.coordonnees_bancaires = "inconnu".into();
    assert!(error_at(&sb, &form, champs::COORDONNEES_BANCAIRES).contains("n'existent plus"));
}

#[test]
fn sub_and_co_contractors_name_their_valideur() {
    let mut sb = domain::simulation::base::sandbox();
    let mut form = form_complet(&sb);
    form.cadre = Cadre::A9;
    assert!(error_at(&sb, &form, champs::VALIDEUR).contains("exige un valideur"));
    form.valideur = sb.structures[&menuiserie()].identifier.clone();
    assert!(error_at(&sb, &form, champs::VALIDEUR).contains("votre propre structure"));
    form.valideur = "99999999999999".into();
    assert!(error_at(&sb, &form, champs::VALIDEUR).contains("Aucune structure active"));
    let (other, _) = recipient(&sb, ProfilDestinataire::SansParametre);
    form.valideur = other.identifier.clone();
    form.cadre = Cadre::A12;
    let id = send_ok(&mut sb, &form, t0());
    assert_eq!(sb.factures[&id].valideur, Some(other.id.clone()));
    assert_eq!(sb.factures[&id].cadre.code(), "A12_FACTURE_COTRAITANT");
}

#[test]
fn lines_are_checked_one_by_one_with_their_number() {
    let sb = domain::simulation::base::sandbox();
    let base = form_complet(&sb);
    let mut form = base.clone();
    form.lignes = vec![FormulaireLigne::default()];
    assert!(error_at(&sb, &form, champs::LIGNES).contains("au moins une ligne"));
    let mut form = base.clone();
    form.lignes[1].quantite = "abc".into();
    form.lignes[2].prix = String::new();
    form.lignes[0].designation = String::new();
    let err = envoyer(&sb, &form, t0()).unwrap_err();
    assert!(err
        .for_field(champ_ligne(2, champs::ligne::QUANTITE))
        .unwrap()
        .starts_with("Ligne 2 : "));
    assert!(err
        .for_field(champ_ligne(3, champs::ligne::PRIX))
        .unwrap()
        .contains("prix unitaire"));
    assert!(err
        .for_field(champ_ligne(1, champs::ligne::DESIGNATION))
        .unwrap()
        .contains("désignation"));
    let mut form = base.clone();
    form.lignes[0].quantite = "0".into();
    assert!(error_at(&sb, &form, champ_ligne(1, champs::ligne::QUANTITE)).contains("nulle"));
    form.lignes[0].quantite = "1,23456".into();
    assert!(error_at(&sb, &form, champ_ligne(1, champs::ligne::QUANTITE)).contains("4 décimales"));
    let mut form = base.clone();
    form.lignes[0].prix = "-5".into();
    assert!(!error_at(&sb, &form, champ_ligne(1, champs::ligne::PRIX)).is_empty());
    let mut form = base.clone();
    form.lignes[0].remise = "900,01".into();
    assert!(error_at(&sb, &form, champ_ligne(1, champs::ligne::REMISE))
        .contains("dépasse le montant brut"));
    form.lignes[0].remise = "900".into();
    envoyer(&sb, &form, t0()).expect("a line may be discounted entirely");
    let mut form = base.clone();
    form.lignes[0].taux = String::new();
    assert!(error_at(&sb, &form, champ_ligne(1, champs::ligne::TAUX)).contains("taux de TVA"));
    form.lignes[0].taux = "manuel".into();
    form.lignes[0].taux_manuel = "7".into();
    let mut manual = sb.clone();
    let id = send_ok(&mut manual, &form, t0());
    assert_eq!(
        manual.factures[&id].lignes[0].taux,
        Some(domain::kernel::money::Taux(700)),
        "a manual rate of 7 %"
    );
    form.lignes[0].taux_manuel = "120".into();
    assert!(!error_at(&sb, &form, champ_ligne(1, champs::ligne::TAUX)).is_empty());
}

#[test]
fn negative_lines_only_on_an_invoice_and_totals_must_stay_positive() {
    let sb = domain::simulation::base::sandbox();
    let mut form = form_complet(&sb);
    form.lignes
        .push(ligne("Reprise d'un acompte", "-1", "100", "2000"));
    envoyer(&sb, &form, t0()).expect("a correction line on an invoice");
    form.type_facture = TypeFacture::Avoir;
    form.facture_origine = "FA-0".into();
    assert!(
        error_at(&sb, &form, champ_ligne(4, champs::ligne::QUANTITE)).contains("quantité négative")
    );
    let mut form = form_complet(&sb);
    form.lignes = vec![
        ligne("Prestation", "1", "100", "2000"),
        ligne("Reprise", "-2", "100", "2000"),
    ];
    assert!(error_at(&sb, &form, champs::LIGNES).contains("se dépose en avoir"));
}

#[test]
fn remise_globale_and_montant_a_payer() {
    let sb = domain::simulation::base::sandbox();
    let base = form_complet(&sb);
    let ttc = base.apercu().total_ttc;
    let mut form = base.clone();
    form.remise_globale = "10".into();
    assert!(error_at(&sb, &form, champs::MOTIF_REMISE).contains("motif de la remise"));
    form.motif_remise = "Geste commercial".into();
    form.montant_a_payer = Montant(ttc.0 - 1000 + 1).input();
    assert!(error_at(&sb, &form, champs::MONTANT_A_PAYER).contains("ne peut pas dépasser"));
    form.montant_a_payer = "500".into();
    let mut sb2 = sb.clone();
    let id = send_ok(&mut sb2, &form, t0());
    assert_eq!(sb2.factures[&id].a_payer(), Montant(50_000));
    form.remise_globale = Montant(ttc.0 + 1).input();
    assert!(
        error_at(&sb, &form, champs::REMISE_GLOBALE).contains("ne peut pas dépasser le total TTC")
    );
    // A2: already paid, nothing to pay.
    let mut form = base.clone();
    form.cadre = Cadre::A2;
    form.montant_a_payer = "12".into();
    assert!(error_at(&sb, &form, champs::MONTANT_A_PAYER).contains("déjà payée"));
    form.montant_a_payer = String::new();
    let mut sb3 = sb.clone();
    let id = send_ok(&mut sb3, &form, t0());
    assert_eq!(sb3.factures[&id].a_payer(), Montant::ZERO);
}

#[test]
fn drafts_may_be_incomplete_but_not_malformed() {
    let mut sb = domain::simulation::base::sandbox();
    let empty = FormulaireFacture::nouvelle(ModeDepot::SaisiePortail);
    let out = run(&mut sb, |sb| {
        saisie::enregistrer_brouillon(sb, &claire(), &menuiserie(), None, &empty, t0())
    });
    let draft = &sb.factures[&out.facture];
    assert_eq!(draft.statut, Statut::Brouillon);
    assert!(draft.historique.is_empty());
    let mut bad = empty.clone();
    bad.lignes[0].quantite = "beaucoup".into();
    let err =
        saisie::enregistrer_brouillon(&sb, &claire(), &menuiserie(), None, &bad, t0()).unwrap_err();
    assert!(err
        .for_field(champ_ligne(1, champs::ligne::QUANTITE))
        .is_some());
    // Update the draft, then send it: same id, now deposited.
    let form = form_complet(&sb);
    let id = out.facture.clone();
    run(&mut sb, |sb| {
        saisie::enregistrer_brouillon(sb, &claire(), &menuiserie(), Some(&id), &form, t0())
    });
    assert_eq!(sb.factures.len(), 1);
    assert_eq!(sb.factures[&id].numero, "FA-2026-001");
    run(&mut sb, |sb| {
        saisie::envoyer(sb, &claire(), &menuiserie(), Some(&id), &form, t0())
    });
    assert_eq!(sb.factures[&id].statut, Statut::MiseADisposition);
    // A sent invoice is no longer a draft: it cannot be saved, sent or deleted again.
    assert!(matches!(
        saisie::enregistrer_brouillon(&sb, &claire(), &menuiserie(), Some(&id), &form, t0()),
        Err(DomainError::Rule(_))
    ));
    assert_eq!(
        saisie::supprimer_brouillon(&sb, &claire(), &id),
        Err(DomainError::Rule(
            "La facture n° FA-2026-001 a déjà été envoyée : elle ne se modifie plus.".into()
        ))
    );
}

#[test]
fn saving_an_unchanged_draft_writes_nothing_and_dropped_attachments_are_reported() {
    let mut sb = domain::simulation::base::sandbox();
    let mut form = form_complet(&sb);
    let pj = |id: &str, nom: &str| PieceJointe {
        id: PieceJointeId::from(id),
        nom: nom.into(),
        taille: 1000,
        principale: false,
    };
    form.pieces = vec![pj("aa01", "devis.pdf"), pj("aa02", "photo.jpg")];
    let id = run(&mut sb, |sb| {
        saisie::enregistrer_brouillon(sb, &claire(), &menuiserie(), None, &form, t0())
    })
    .facture;
    let again =
        saisie::enregistrer_brouillon(&sb, &claire(), &menuiserie(), Some(&id), &form, t0())
            .unwrap();
    assert!(again.changes.is_empty());
    form.pieces.remove(0);
    let out = run(&mut sb, |sb| {
        saisie::enregistrer_brouillon(sb, &claire(), &menuiserie(), Some(&id), &form, t0())
    });
    assert_eq!(out.pieces_retirees, vec![PieceJointeId::from("aa01")]);
    // Deleting the draft frees the remaining attachment.
    let out = run(&mut sb, |sb| {
        saisie::supprimer_brouillon(sb, &claire(), &id)
    });
    assert_eq!(out, vec![PieceJointeId::from("aa02")]);
    assert!(sb.factures.is_empty());
}

#[test]
fn attachment_rules_apply_to_the_invoice() {
    let sb = domain::simulation::base::sandbox();
    let mut form = form_complet(&sb);
    form.pieces = vec![PieceJointe {
        id: PieceJointeId::from("bb01"),
        nom: "programme.exe".into(),
        taille: 10,
        principale: false,
    }];
    assert!(error_at(&sb, &form, champs::PIECES).contains(".exe"));
}

#[test]
fn duplicating_gives_a_draft_without_number_date_or_attachments() {
    let mut sb = domain::simulation::base::sandbox();
    let form = form_complet(&sb);
    let id = send_ok(&mut sb, &form, t0());
    let copy = run(&mut sb, |sb| saisie::dupliquer(sb, &claire(), &id, t0()));
    let c = &sb.factures[&copy];
    assert!(c.is_draft());
    assert!(c.numero.is_empty() && c.date.is_none() && c.pieces.is_empty());
    assert_eq!(c.lignes, sb.factures[&id].lignes);
    assert_eq!(c.destinataire, sb.factures[&id].destinataire);
    assert_eq!(c.totaux(), sb.factures[&id].totaux());
}

#[test]
fn only_members_with_the_right_habilitation_issue_or_read_invoices() {
    let mut sb = domain::simulation::base::sandbox();
    let form = form_complet(&sb);
    // Marc (public GP of another structure) may not issue for the Menuiserie.
    let err =
        saisie::envoyer(&sb, &CompteId::from(MARC), &menuiserie(), None, &form, t0()).unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)));
    // Hugo, utilisateur with Factures émises in modification by default, may.
    let id = run(&mut sb, |sb| {
        saisie::envoyer(sb, &CompteId::from(HUGO), &menuiserie(), None, &form, t0())
    })
    .facture;
    let f = sb.factures[&id].clone();
    use domain::facturation::cycle::{cote, Cote};
    assert_eq!(cote(&sb, &claire(), &f), Ok(Cote::Fournisseur));
    // Marc is gestionnaire of another structure than the recipient: he may not open it.
    assert_eq!(
        cote(&sb, &CompteId::from(MARC), &f),
        Err("Accès refusé : vous ne pouvez pas consulter les factures émises — vous n'êtes pas rattaché(e) à cette structure.".to_string())
    );
}

#[test]
fn pdf_deposit_records_its_mode_its_pdf_and_checks_ht_plus_tva() {
    let mut sb = domain::simulation::base::sandbox();
    let base = form_complet(&sb);
    let mut form = FormulaireFacture {
        mode_depot: ModeDepot::DepotPdfPortail,
        lignes: Vec::new(),
        montant_ht: "1 000,00".into(),
        montant_tva: "200".into(),
        montant_ttc: "1 200,01".into(),
        ..base
    };
    assert!(error_at(&sb, &form, champs::MONTANT_TTC).contains("1\u{202f}200,00"));
    saisie::enregistrer_brouillon(&sb, &claire(), &menuiserie(), None, &form, t0())
        .expect("a draft may hold amounts still being corrected");
    form.montant_ttc = "1200".into();
    assert!(error_at(&sb, &form, champs::PDF).contains("Joignez le PDF"));
    let form = avec_pdf(&form, "FA-2026-001.pdf", PDF_VALIDE.to_vec());
    let id = send_ok(&mut sb, &form, t0());
    let f = &sb.factures[&id];
    assert_eq!(f.mode_depot, ModeDepot::DepotPdfPortail);
    assert_eq!(f.mode_depot.code(), "DEPOT_PDF_PORTAIL");
    assert_eq!(f.totaux().total_ttc, Montant(120_000));
    assert_eq!(f.principale().unwrap().nom, "FA-2026-001.pdf");
    assert!(f.lignes.is_empty());
}

/// A fixed invoice, to pin the fingerprint.
fn fixed() -> Facture {
    let sb = domain::simulation::base::sandbox();
    let mut sb = sb;
    let mut form = form_complet(&sb);
    form.numero = "FIXE-1".into();
    let id = send_ok(&mut sb, &form, t0());
    let mut f = (*sb.factures[&id]).clone();
    f.id = FactureId::from("0123456789abcdef");
    f
}

#[test]
fn the_deposit_fingerprint_is_stable() {
    let f = fixed();
    let a = empreinte(&f, t0());
    assert_eq!(a, empreinte(&fixed(), t0()), "same data, same fingerprint");
    assert_eq!(a.len(), 64);
    assert!(a
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    // Status and history do not enter it: the certificate stays true as the invoice lives on.
    let mut later = f.clone();
    later.statut = Statut::Rejetee;
    later.historique.clear();
    assert_eq!(empreinte(&later, t0()), a);
    // A cent, a character, or the deposit instant changes it.
    let mut cent = f.clone();
    cent.lignes[0].remise = Montant(1);
    assert_ne!(empreinte(&cent, t0()), a);
    let mut num = f.clone();
    num.numero.push('x');
    assert_ne!(empreinte(&num, t0()), a);
    assert_ne!(empreinte(&f, t0() + Duration::seconds(1)), a);
    // Pinned: a change of the record layout must be deliberate (stored certificates keep theirs).
    assert_eq!(
        a,
        "aaafabc1fa4d5e997a3a4ea6eae65db0a129cf8462263b6d7951d1d61c24a93d"
    );
}

#[test]
fn a_typical_invoice_is_stored_compactly() {
    let mut sb = domain::simulation::base::sandbox();
    let form = form_complet(&sb);
    let id = send_ok(&mut sb, &form, t0());
    let json = Record::Facture(sb.factures[&id].clone()).to_json();
    let key = format!("cpsb:facture:{}", id.as_str());
    let stored = key.len() + r#"{"v":1,"rev":1,"data":}"#.len() + json.len();
    println!(
        "Facture typique de 3 lignes (deux taux, envoyée, historique de 2 statuts) : {} octets d'état (objectif ≤ 700), {} avec sa clé et son enveloppe",
        json.len(),
        stored
    );
    assert!(json.len() <= 700, "{} octets : {json}", json.len());
}

#[test]
fn what_each_recipient_profile_requires() {
    let sb = domain::simulation::base::sandbox();
    let day = domain::kernel::time::paris_date(t0());
    let cases = [
        (ProfilDestinataire::SansParametre, (false, false, false)),
        (
            ProfilDestinataire::CodeServiceObligatoire,
            (true, false, false),
        ),
        (ProfilDestinataire::EjObligatoire, (false, true, false)),
        (ProfilDestinataire::EjOuCodeService, (false, false, true)),
        (ProfilDestinataire::EjEtCodeService, (true, true, false)),
    ];
    for (profile, (cs, ej, either)) in cases {
        let (dest, _) = recipient(&sb, profile);
        let e = routage::exigences(&sb, &dest, "", day);
        assert_eq!(
            (e.code_service, e.ej, e.ej_ou_code_service),
            (cs, ej, either),
            "{profile:?}"
        );
        assert!(!e.ej_du_service);
    }
    // A service of the Ville de Rivebelle requires the EJ on its own.
    let rivebelle = sb
        .structures
        .values()
        .find(|s| s.identifier == RIVEBELLE)
        .unwrap();
    let e = routage::exigences(&sb, rivebelle, "SERV_TECH", day);
    assert!(e.ej && e.ej_du_service && e.code_service);
}

/// A PDF deposit with its amounts, and no PDF yet.
fn depot_pdf(sb: &Sandbox) -> FormulaireFacture {
    FormulaireFacture {
        mode_depot: ModeDepot::DepotPdfPortail,
        lignes: Vec::new(),
        montant_ht: "1000".into(),
        montant_tva: "200".into(),
        montant_ttc: "1200".into(),
        ..form_complet(sb)
    }
}

#[test]
fn a_deposit_refuses_a_pdf_whose_bytes_fail_the_checks_whatever_the_page_sent() {
    let sb = domain::simulation::base::sandbox();
    let base = depot_pdf(&sb);
    let protege = avec_pdf(&base, "facture.pdf", pdf_protege());
    let message = "Le PDF « facture.pdf » est protégé par un mot de passe : déposez une version sans protection.";
    assert_eq!(error_at(&sb, &protege, champs::PDF), message);
    // Even as a draft: the deposited file is checked when it is added.
    let err = saisie::enregistrer_brouillon(&sb, &claire(), &menuiserie(), None, &protege, t0())
        .expect_err("a protected PDF is refused in a draft too");
    assert_eq!(err.for_field(champs::PDF), Some(message));
    let zip = avec_pdf(&base, "facture.pdf", b"PK\x03\x04 une archive".to_vec());
    assert_eq!(
        error_at(&sb, &zip, champs::PDF),
        "Le fichier « facture.pdf » n'est pas un PDF."
    );
    // Metadata marked « principale » without the bytes read is not taken on trust.
    let mut sans_octets = avec_pdf(&base, "facture.pdf", PDF_VALIDE.to_vec());
    sans_octets.octets.clear();
    assert_eq!(
        error_at(&sb, &sans_octets, champs::PDF),
        "Le fichier « facture.pdf » n'a pas été lu : choisissez-le à nouveau."
    );
    // Nor a size that is not the bytes'.
    let mut autre_taille = avec_pdf(&base, "facture.pdf", PDF_VALIDE.to_vec());
    autre_taille.pieces[0].taille = 5 * 1024 * 1024;
    assert_eq!(
        error_at(&sb, &autre_taille, champs::PDF),
        "Le fichier « facture.pdf » a changé depuis qu'il a été choisi : choisissez-le à nouveau."
    );
    // Two deposited PDFs: one only.
    let mut deux = avec_pdf(&base, "facture.pdf", PDF_VALIDE.to_vec());
    let second = avec_pdf(
        &FormulaireFacture::default(),
        "autre.pdf",
        PDF_VALIDE.to_vec(),
    );
    deux.pieces.extend(second.pieces);
    deux.octets.extend(second.octets);
    assert_eq!(
        error_at(&sb, &deux, champs::PDF),
        "Une facture déposée a un seul PDF : retirez les autres."
    );
}

#[test]
fn a_pdf_stored_with_its_draft_is_not_read_again() {
    let mut sb = domain::simulation::base::sandbox();
    let form = avec_pdf(&depot_pdf(&sb), "facture.pdf", PDF_VALIDE.to_vec());
    let id = run(&mut sb, |sb| {
        saisie::enregistrer_brouillon(sb, &claire(), &menuiserie(), None, &form, t0())
    })
    .facture;
    // Reopened, the form has the record's attachments and no bytes: it is sent as it is.
    let reopened = FormulaireFacture::from_facture(&sb, &sb.factures[&id]);
    assert!(reopened.octets.is_empty());
    run(&mut sb, |sb| {
        saisie::envoyer(sb, &claire(), &menuiserie(), Some(&id), &reopened, t0())
    });
    assert_eq!(
        sb.factures[&id].principale().map(|p| p.nom.as_str()),
        Some("facture.pdf")
    );
}

#[test]
fn the_form_applies_each_edit_the_page_sends() {
    use saisie::{Action, ValeurLigne};
    let mut form = FormulaireFacture::nouvelle(ModeDepot::SaisiePortail);
    form.appliquer(Action::Destinataire("123".into()));
    form.appliquer(Action::CodeService("SERV".into()));
    form.appliquer(Action::Numero("FA-9".into()));
    form.appliquer(Action::Cadre(Cadre::A2));
    form.appliquer(Action::TypeTva(TypeTva::Exoneration));
    form.appliquer(Action::MontantAPayer("10".into()));
    assert_eq!(
        (
            form.destinataire.as_str(),
            form.code_service.as_str(),
            form.numero.as_str()
        ),
        ("123", "SERV", "FA-9")
    );
    assert_eq!(
        (form.cadre, form.type_tva),
        (Cadre::A2, TypeTva::Exoneration)
    );
    assert_eq!(form.montant_a_payer, "10");
    // Picking a recipient in the annuaire drops the previous recipient's code service.
    form.appliquer(Action::ChoisirDestinataire("456".into()));
    assert_eq!(
        (form.destinataire.as_str(), form.code_service.as_str()),
        ("456", "")
    );
    // Lines: edit one, add, remove; the only line stays; an unknown line changes nothing.
    form.appliquer(Action::Ligne(0, ValeurLigne::Quantite("2".into())));
    form.appliquer(Action::Ligne(0, ValeurLigne::Prix("10".into())));
    assert_eq!(form.lignes[0].montant_ht(), Some(Montant(2_000)));
    form.appliquer(Action::AjouterLigne);
    form.appliquer(Action::Ligne(1, ValeurLigne::Designation("Pose".into())));
    assert_eq!(form.lignes.len(), 2);
    form.appliquer(Action::SupprimerLigne(0));
    assert_eq!(form.lignes.len(), 1);
    assert_eq!(form.lignes[0].designation, "Pose");
    form.appliquer(Action::SupprimerLigne(0));
    form.appliquer(Action::Ligne(7, ValeurLigne::Designation("x".into())));
    assert_eq!(form.lignes.len(), 1, "the only line is not removed");
    assert_eq!(form.lignes[0].designation, "Pose");
    // Starting again.
    form.appliquer(Action::Remplacer(Box::new(FormulaireFacture::nouvelle(
        ModeDepot::SaisiePortail,
    ))));
    assert_eq!(form, FormulaireFacture::nouvelle(ModeDepot::SaisiePortail));
}

#[test]
fn chosen_files_are_checked_then_kept_with_their_bytes_until_stored() {
    use saisie::Action;
    let mut form = FormulaireFacture::nouvelle(ModeDepot::DepotPdfPortail);
    let (added, errors) = form.fichiers_acceptes(
        vec![
            ("bon.pdf".into(), b"contenu".to_vec()),
            ("virus.exe".into(), b"MZ".to_vec()),
            ("vide.txt".into(), Vec::new()),
        ],
        false,
    );
    assert_eq!(added.len(), 1);
    assert_eq!(
        errors,
        vec![
            format!(
                "L'extension « .exe » n'est pas acceptée. Extensions acceptées : {}.",
                domain::facturation::pieces_jointes::EXTENSIONS
                    .iter()
                    .map(|e| format!(".{e}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Le fichier « vide.txt » est vide.".to_string(),
        ]
    );
    let annexe = added[0].0.clone();
    assert_eq!((annexe.taille, annexe.principale), (7, false));
    form.appliquer(Action::AjouterPieces(added));
    // The deposited PDF: a protected one is refused, a valid one replaces the previous one.
    let (refused, errors) = form.fichiers_acceptes(vec![("f.pdf".into(), pdf_protege())], true);
    assert!(refused.is_empty());
    assert_eq!(
        errors,
        vec!["Le PDF « f.pdf » est protégé par un mot de passe : déposez une version sans protection.".to_string()]
    );
    let (pdf1, _) = form.fichiers_acceptes(vec![("v1.pdf".into(), PDF_VALIDE.to_vec())], true);
    form.appliquer(Action::AjouterPieces(pdf1));
    let (pdf2, _) = form.fichiers_acceptes(vec![("v2.pdf".into(), PDF_VALIDE.to_vec())], true);
    form.appliquer(Action::AjouterPieces(pdf2));
    let noms: Vec<&str> = form.pieces.iter().map(|p| p.nom.as_str()).collect();
    assert_eq!(noms, vec!["bon.pdf", "v2.pdf"]);
    assert_eq!(form.octets.len(), 2, "the replaced PDF's bytes are dropped");
    assert_eq!(form.octets_a_stocker().len(), 2);
    form.appliquer(Action::RetirerPiece(annexe.id.clone()));
    assert_eq!(form.pieces.len(), 1);
    assert_eq!(form.octets_a_stocker().len(), 1);
    let (annexe2, _) = form.fichiers_acceptes(vec![("bis.txt".into(), b"x".to_vec())], false);
    let stockes: Vec<_> = form
        .octets_a_stocker()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    form.appliquer(Action::AjouterPieces(annexe2));
    form.appliquer(Action::OctetsStockes(stockes));
    let restants: Vec<_> = form
        .octets_a_stocker()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        restants.len(),
        1,
        "a file chosen while saving stays pending"
    );
    assert_eq!(form.pieces.len(), 2);
}

#[test]
fn a_new_invoice_proposes_the_only_active_bank_account() {
    use domain::organisation::structure::CompteBancaire;
    let sb = domain::simulation::base::sandbox();
    let mut s = (*sb.structures[&menuiserie()]).clone();
    let compte = |id: &str, actif: bool| CompteBancaire {
        id: id.into(),
        libelle: id.into(),
        iban: "FR7630006000011234567890189".into(),
        bic: "AGRIFRPP".into(),
        affactureur: false,
        actif,
    };
    s.bank_accounts = vec![compte("a", true), compte("b", false)];
    let proposees: Vec<&str> = saisie::coordonnees_proposees(&s)
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(proposees, vec!["a"], "an inactive account is not offered");
    assert_eq!(
        saisie::coordonnees_par_defaut(&s).map(|b| b.id.as_str()),
        Some("a")
    );
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let form = FormulaireFacture::initiale(ModeDepot::SaisiePortail, Some(&s), day);
    assert_eq!(
        (form.coordonnees_bancaires.as_str(), form.date.as_str()),
        ("a", "2026-11-23")
    );
    s.bank_accounts.push(compte("c", true));
    assert_eq!(
        saisie::coordonnees_par_defaut(&s),
        None,
        "two active: the supplier chooses"
    );
    s.bank_accounts.clear();
    assert_eq!(saisie::coordonnees_par_defaut(&s), None);
    let form = FormulaireFacture::initiale(ModeDepot::DepotPdfPortail, Some(&s), day);
    assert_eq!(form.coordonnees_bancaires, "");
}

#[test]
fn only_an_active_public_structure_receives_invoices() {
    use domain::organisation::structure::StatutStructure;
    let sb = domain::simulation::base::sandbox();
    let (public, _) = recipient(&sb, ProfilDestinataire::EjObligatoire);
    assert!(routage::recoit_des_factures(&public));
    let mut inactive = (*public).clone();
    inactive.status = StatutStructure::Desactivee;
    assert!(!routage::recoit_des_factures(&inactive));
    assert!(
        !routage::recoit_des_factures(&sb.structures[&menuiserie()]),
        "a private supplier"
    );
}

#[test]
fn a_cadre_short_name_is_its_api_code_first_part() {
    use domain::facturation::facture::Cadre;
    for c in Cadre::ALL {
        assert!(
            c.code().starts_with(&format!("{}_", c.court())),
            "{c:?}: {} / {}",
            c.court(),
            c.code()
        );
        assert!(c.label().starts_with(c.court()));
    }
}
