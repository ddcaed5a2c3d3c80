//! The bounds every record read by the sandbox must meet — from an import file and from storage
//! alike: what the app itself can write. Ids of the app's alphabet and length, instants within
//! [`MIN_YEAR`]–[`MAX_YEAR`], the clock's offset within ten years, texts within the forms' lengths,
//! amounts, quantities and rates within the forms' limits, bounded collections, a status matching
//! its history, a password hash of the app's own Argon2 parameters. So an edited file or a tampered
//! store cannot smuggle in what the forms would refuse, nor a value that would crash a page.
//!
//! Messages are in French and name the field; [`describe`] names the record.

use domain::compte::messagerie::Courriel;
use domain::compte::{self, mot_de_passe, Compte};
use domain::facturation::facture::{Facture, Statut};
use domain::facturation::flux::Flux;
use domain::facturation::travaux::DossierTravaux;
use domain::kernel::ids::{is_valid_id, MAX_ID_LENGTH, MIN_ID_LENGTH};
use domain::kernel::money::{Montant, PrixUnitaire, Quantite, MONTANT_MAX, PRIX_MAX, QUANTITE_MAX};
use domain::kernel::text;
use domain::kernel::time::{
    is_day_in_range, is_in_range, is_offset_in_range, Timestamp, MAX_DAY_YEAR, MAX_YEAR,
    MIN_DAY_YEAR, MIN_YEAR,
};
use domain::organisation::rattachement::Rattachement;
use domain::organisation::structure::{Adresse, Service, Structure};
use domain::organisation::{adresse, coordonnees_bancaires, fiche_structure};
use domain::organisation::{identifiants, rattachement, services};
use domain::simulation::progression::{self, Progression};
use domain::sollicitations::{self as sollicitations, Destinataire, Etat, Sollicitation};
use domain::Record;

/// Largest history (statuses, user actions, events) of one invoice: a recycling loop repeated
/// far beyond any exercise.
pub const MAX_HISTORIQUE: usize = 1_000;
/// Most attachments on one invoice.
pub const MAX_PIECES: usize = 1_000;
/// Most bank accounts of one structure, applications, services of one rattachement.
pub const MAX_ELEMENTS: usize = 1_000;
/// A VAT rate is at most 100 %.
pub const TAUX_MAX: u32 = 10_000;
const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 20_000;
const MAX_EVENEMENT: usize = 2_000;

/// « facture « FA-12 » », « compte utilisateur « claire@exemple.fr » »: the record as a message names it.
pub fn describe(record: &Record) -> String {
    let label = record.key().collection.label_fr();
    let name = match record {
        Record::Clock(_) | Record::Formateur(_) => return label.to_string(),
        Record::Facture(f) if !f.numero.trim().is_empty() => f.numero.clone(),
        Record::Compte(a) => a.login_email.clone(),
        Record::Courriel(m) => m.subject.clone(),
        Record::Structure(s) => s.raison_sociale.clone(),
        Record::Service(s) => s.code.clone(),
        Record::Progression(p) => p.scenario.clone(),
        Record::Flux(f) => f.numero.clone(),
        Record::Travaux(d) => d.marche.clone(),
        Record::Sollicitation(so) if !so.numero.is_empty() => so.numero.clone(),
        Record::Sollicitation(so) => so.titre.clone(),
        _ => record.key().id,
    };
    format!("{label} « {} »", shorten(&name))
}

/// At most 40 characters of a value quoted in a message.
pub fn shorten(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// Checks one record against every bound; the message names the field (not the record: see
/// [`describe`]).
pub fn check_record(record: &Record) -> Result<(), String> {
    match record {
        Record::Clock(c) => {
            if !is_offset_in_range(c.offset_seconds) {
                return Err(
                    "décalage d'horloge hors limites : au plus 10 ans dans un sens ou dans l'autre."
                        .to_string(),
                );
            }
            Ok(())
        }
        Record::Compte(a) => check_account(a),
        Record::Courriel(m) => check_mail(m),
        Record::Structure(st) => check_structure(st),
        Record::Service(sv) => check_service(sv),
        Record::Rattachement(r) => check_rattachement(r),
        Record::Facture(f) => check_facture(f),
        Record::Progression(p) => check_progression(p),
        Record::Travaux(d) => check_travaux(d),
        Record::Sollicitation(so) => check_sollicitation(so),
        Record::Formateur(c) => mot_de_passe::check_hash(&c.code_hash)
            .map_err(|e| e.replace("du mot de passe", "du code formateur")),
        Record::Flux(f) => check_flux(f),
    }
}

fn id(value: &str, field: &str) -> Result<(), String> {
    if is_valid_id(value) {
        Ok(())
    } else {
        Err(format!(
            "l'identifiant « {field} » (« {} ») est invalide : {MIN_ID_LENGTH} à {MAX_ID_LENGTH} caractères parmi a–z, 0–9, « - » et « _ ».",
            shorten(value)
        ))
    }
}

fn instant(t: Timestamp, field: &str) -> Result<(), String> {
    if is_in_range(t) {
        Ok(())
    } else {
        Err(format!(
            "la date « {field} » est hors de la plage admise (années {MIN_YEAR} à {MAX_YEAR})."
        ))
    }
}

fn day(d: chrono::NaiveDate, field: &str) -> Result<(), String> {
    if is_day_in_range(d) {
        Ok(())
    } else {
        Err(format!(
            "la date « {field} » est hors de la plage admise (années {MIN_DAY_YEAR} à {MAX_DAY_YEAR})."
        ))
    }
}

fn count(n: usize, max: usize, field: &str) -> Result<(), String> {
    if n <= max {
        Ok(())
    } else {
        Err(format!("« {field} » compte plus de {max} éléments."))
    }
}

fn amount(m: Montant, field: &str) -> Result<(), String> {
    if m.0.unsigned_abs() <= MONTANT_MAX.0.unsigned_abs() {
        Ok(())
    } else {
        Err(format!(
            "le montant « {field} » dépasse la limite admise ({}).",
            MONTANT_MAX.fr_eur()
        ))
    }
}

fn optional(value: &str, field: &str, max: usize) -> Result<(), String> {
    text::optional(value, field, max).map(|_| ())
}

fn required(value: &str, field: &str, max: usize) -> Result<(), String> {
    text::required(value, field, max).map(|_| ())
}

/// An invoice holds what the forms accept: bounded texts, amounts and collections, valid ids and
/// dates, attachments within the portal's rules, a history for every sent invoice ending on its
/// status.
fn check_facture(f: &Facture) -> Result<(), String> {
    use domain::facturation::routage::MAX_EJ;
    use domain::facturation::saisie::*;
    id(f.id.as_str(), "Identifiant de la facture")?;
    id(f.emetteur.as_str(), "Structure émettrice")?;
    id(f.cree_par.as_str(), "Créée par")?;
    if let Some(d) = &f.destinataire {
        id(d.as_str(), "Structure destinataire")?;
    }
    if let Some(v) = &f.valideur {
        id(v.as_str(), "Valideur")?;
    }
    if let Some(v) = &f.valideur_2 {
        id(v.as_str(), "Second valideur")?;
    }
    if let Some(c) = &f.coordonnees_bancaires {
        id(c.as_str(), "Coordonnées bancaires")?;
    }
    instant(f.cree_le, "Créée le")?;
    if let Some(d) = f.date {
        day(d, "Date de facture")?;
    }
    let texts: [(&str, &str, usize); 10] = [
        (&f.numero, "Numéro de facture", MAX_NUMERO),
        (&f.ej, "Engagement juridique", MAX_EJ),
        (&f.marche, "Numéro de marché", MAX_MARCHE),
        (&f.facture_origine, "Facture d'origine", MAX_NUMERO),
        (&f.motif_exoneration, "Motif d'exonération", MAX_MOTIF),
        (&f.motif_remise, "Motif de remise", MAX_MOTIF),
        (&f.commentaire, "Commentaire", MAX_COMMENTAIRE),
        (&f.code_service, "Code service", services::MAX_SERVICE_CODE),
        (
            &f.service_fournisseur,
            "Service fournisseur",
            services::MAX_SERVICE_CODE,
        ),
        (
            &f.service_valideur,
            "Service du valideur",
            services::MAX_SERVICE_CODE,
        ),
    ];
    for (value, label, max) in texts {
        optional(value, label, max)?;
    }
    if f.lignes.len() > MAX_LIGNES {
        return Err(format!("plus de {MAX_LIGNES} lignes."));
    }
    for (i, l) in f.lignes.iter().enumerate() {
        let n = i + 1;
        optional(&l.designation, "Désignation", MAX_DESIGNATION)?;
        optional(&l.reference, "Référence", MAX_REFERENCE)?;
        optional(&l.unite, "Unité", MAX_UNITE)?;
        if l.quantite
            .is_some_and(|Quantite(q)| q.unsigned_abs() > QUANTITE_MAX.0.unsigned_abs())
        {
            return Err(format!(
                "la quantité de la ligne {n} dépasse la limite admise."
            ));
        }
        if l.prix
            .is_some_and(|PrixUnitaire(p)| p.unsigned_abs() > PRIX_MAX.0.unsigned_abs())
        {
            return Err(format!(
                "le prix unitaire de la ligne {n} dépasse la limite admise."
            ));
        }
        amount(l.remise, &format!("Remise de la ligne {n}"))?;
        if l.taux.is_some_and(|t| t.0 > TAUX_MAX) {
            return Err(format!("le taux de TVA de la ligne {n} dépasse 100 %."));
        }
    }
    if let Some(m) = &f.montants_deposes {
        amount(m.ht, "Montant HT")?;
        amount(m.tva, "Montant de TVA")?;
        amount(m.ttc, "Montant TTC")?;
    }
    amount(f.remise_globale, "Remise globale")?;
    if let Some(m) = f.montant_a_payer {
        amount(m, "Montant à payer")?;
    }
    count(f.pieces.len(), MAX_PIECES, "Pièces jointes")?;
    let mut total: u64 = 0;
    for p in &f.pieces {
        id(p.id.as_str(), "Pièce jointe")?;
        domain::facturation::pieces_jointes::verifier_piece(&p.nom, p.taille, total)?;
        total = total.saturating_add(p.taille);
    }
    if !domain::facturation::facture::DEVISES
        .iter()
        .any(|(c, _)| *c == f.devise)
    {
        return Err("devise inconnue.".to_string());
    }
    count(f.historique.len(), MAX_HISTORIQUE, "Historique des statuts")?;
    count(
        f.actions.len(),
        MAX_HISTORIQUE,
        "Historique des actions utilisateurs",
    )?;
    count(
        f.evenements.len(),
        MAX_HISTORIQUE,
        "Historique des événements complémentaires",
    )?;
    for e in &f.historique {
        instant(e.at, "Historique des statuts")?;
        if let Some(par) = &e.par {
            id(par.as_str(), "Historique des statuts")?;
        }
        optional(
            e.commentaire.as_deref().unwrap_or(""),
            "Motif",
            domain::facturation::cycle::MAX_MOTIF,
        )?;
        optional(
            e.mandat.as_deref().unwrap_or(""),
            "Numéro de mandat",
            domain::facturation::cycle::traitement::MAX_MANDAT,
        )?;
    }
    for a in &f.actions {
        instant(a.at, "Historique des actions utilisateurs")?;
        id(a.par.as_str(), "Historique des actions utilisateurs")?;
    }
    for e in &f.evenements {
        instant(e.at, "Historique des événements complémentaires")?;
        if let Some(par) = &e.par {
            id(par.as_str(), "Historique des événements complémentaires")?;
        }
        required(&e.libelle, "Événement", MAX_EVENEMENT)?;
    }
    if f.is_draft() != f.historique.is_empty() {
        return Err("historique des statuts incohérent avec le statut.".to_string());
    }
    if let Some(first) = f.historique.first() {
        if first.statut != Statut::Deposee {
            return Err(
                "historique des statuts incohérent : il ne commence pas par le dépôt.".to_string(),
            );
        }
    }
    if f.historique.last().is_some_and(|e| e.statut != f.statut) {
        return Err(
            "historique des statuts incohérent avec le statut : sa dernière étape en diffère."
                .to_string(),
        );
    }
    if !(f.empreinte.is_empty()
        || f.empreinte.len() == 64 && f.empreinte.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err("empreinte de dépôt invalide.".to_string());
    }
    Ok(())
}

/// A works dossier holds what its forms accept: valid ids, bounded texts, amounts and
/// collections, each document's history ending on its status, associations inside the dossier.
fn check_travaux(d: &DossierTravaux) -> Result<(), String> {
    use domain::facturation::routage::MAX_EJ;
    use domain::facturation::saisie::{MAX_MARCHE, MAX_NUMERO};
    use domain::facturation::travaux::*;
    id(d.id.as_str(), "Identifiant du dossier")?;
    id(d.titulaire.as_str(), "Titulaire")?;
    id(d.moe.as_str(), "Maître d'œuvre")?;
    id(d.moa.as_str(), "Maître d'ouvrage")?;
    id(d.cree_par.as_str(), "Créé par")?;
    instant(d.cree_le, "Créé le")?;
    required(&d.marche, "Numéro de marché", MAX_MARCHE)?;
    required(&d.objet, "Objet du marché", MAX_OBJET)?;
    optional(&d.ej, "Engagement juridique", MAX_EJ)?;
    optional(
        &d.service_moa,
        "Code service de la MOA",
        services::MAX_SERVICE_CODE,
    )?;
    count(d.intervenants.len(), MAX_INTERVENANTS, "Intervenants")?;
    for i in &d.intervenants {
        id(i.structure.as_str(), "Intervenant")?;
        if matches!(
            i.role,
            RoleTravaux::Titulaire | RoleTravaux::Moe | RoleTravaux::Moa
        ) {
            return Err("un intervenant est cotraitant ou sous-traitant.".to_string());
        }
    }
    count(d.documents.len(), MAX_DOCUMENTS, "Documents du dossier")?;
    for (n, doc) in d.documents.iter().enumerate() {
        id(doc.id.as_str(), "Identifiant du document")?;
        id(doc.deposant.as_str(), "Déposant")?;
        if let Some(par) = &doc.par {
            id(par.as_str(), "Déposé par")?;
        }
        if let Some(f) = &doc.facture {
            id(f.as_str(), "Facture transmise")?;
        }
        instant(doc.depose_le, "Déposé le")?;
        required(&doc.numero, "Numéro du document", MAX_NUMERO)?;
        optional(
            &doc.correction,
            "Explication de la correction",
            MAX_COMMENTAIRE,
        )?;
        amount(doc.montants.ht, "Montant HT")?;
        amount(doc.montants.tva, "Montant de TVA")?;
        amount(doc.montants.ttc, "Montant TTC")?;
        if let Some(p) = &doc.piece {
            id(p.id.as_str(), "Pièce jointe")?;
            domain::facturation::pieces_jointes::verifier_piece(&p.nom, p.taille, 0)?;
        }
        match &doc.associe_a {
            Some(a) if !d.documents.iter().take(n).any(|x| &x.id == a) => {
                return Err(format!(
                    "le document « {} » répond à un document absent du dossier.",
                    shorten(&doc.numero)
                ));
            }
            _ => {}
        }
        if doc.associe_a.is_none() != doc.cadre.initial() {
            return Err(format!(
                "le document « {} » n'est pas associé comme son cadre le veut.",
                shorten(&doc.numero)
            ));
        }
        if doc.historique.is_empty() {
            return Err("historique d'un document vide.".to_string());
        }
        count(doc.historique.len(), MAX_ETAPES, "Historique d'un document")?;
        for e in &doc.historique {
            instant(e.at, "Historique d'un document")?;
            if let Some(par) = &e.par {
                id(par.as_str(), "Historique d'un document")?;
            }
            optional(
                e.commentaire.as_deref().unwrap_or(""),
                "Motif",
                MAX_COMMENTAIRE + 100,
            )?;
        }
        if doc
            .historique
            .last()
            .is_some_and(|e| e.statut != doc.statut)
        {
            return Err("historique d'un document incohérent avec son statut.".to_string());
        }
    }
    Ok(())
}

fn check_address(a: &Adresse) -> Result<(), String> {
    optional(&a.adresse, "Adresse", adresse::MAX_ADDRESS_LINE)?;
    for c in a.complement1.iter().chain(a.complement2.iter()) {
        optional(c, "Complément d'adresse", adresse::MAX_ADDRESS_LINE)?;
    }
    optional(&a.code_postal, "Code postal", adresse::MAX_ADDRESS_LINE)?;
    optional(&a.ville, "Ville", adresse::MAX_VILLE)?;
    optional(&a.pays, "Pays", adresse::MAX_ADDRESS_LINE)
}

fn check_structure(st: &Structure) -> Result<(), String> {
    id(st.id.as_str(), "Identifiant de la structure")?;
    if let Some(o) = &st.origine {
        id(o.as_str(), "Structure d'origine")?;
    }
    instant(st.created_at, "Créée le")?;
    let ident = identifiants::validate(st.identifier_type, &st.identifier)?;
    if ident != st.identifier {
        return Err("identifiant de structure non normalisé.".to_string());
    }
    required(
        &st.raison_sociale,
        "Raison sociale",
        fiche_structure::MAX_RAISON_SOCIALE,
    )?;
    optional(
        st.libelle.as_deref().unwrap_or(""),
        "Libellé",
        fiche_structure::MAX_LIBELLE,
    )?;
    optional(
        st.rcs.as_deref().unwrap_or(""),
        "Numéro RCS",
        fiche_structure::MAX_RCS,
    )?;
    optional(
        st.numero_tva.as_deref().unwrap_or(""),
        "Numéro de TVA intracommunautaire",
        identifiants::MAX_FREE_IDENTIFIER_LENGTH,
    )?;
    if let Some(t) = &st.telephone {
        compte::check_phone(t)?;
    }
    if let Some(e) = &st.email {
        compte::check_email(e, "Adresse électronique")?;
    }
    check_address(&st.adresse)?;
    count(st.applications.len(), MAX_ELEMENTS, "Applications")?;
    count(
        st.bank_accounts.len(),
        MAX_ELEMENTS,
        "Coordonnées bancaires",
    )?;
    for b in &st.bank_accounts {
        id(b.id.as_str(), "Coordonnées bancaires")?;
        coordonnees_bancaires::validate_iban(&b.iban)?;
        coordonnees_bancaires::validate_bic(&b.bic)?;
        optional(
            &b.libelle,
            "Libellé du compte",
            coordonnees_bancaires::MAX_LIBELLE,
        )?;
    }
    Ok(())
}

fn check_service(sv: &Service) -> Result<(), String> {
    id(sv.id.as_str(), "Identifiant du service")?;
    id(sv.structure.as_str(), "Structure")?;
    required(&sv.code, "Code service", services::MAX_SERVICE_CODE)?;
    required(&sv.libelle, "Libellé", services::MAX_LIBELLE)?;
    optional(
        sv.description.as_deref().unwrap_or(""),
        "Description",
        services::MAX_DESCRIPTION,
    )?;
    if let Some(a) = &sv.adresse {
        check_address(a)?;
    }
    day(sv.debut_validite, "Début de validité")?;
    if let Some(fin) = sv.fin_validite {
        day(fin, "Fin de validité")?;
    }
    if sv.fin_validite.is_some_and(|f| f < sv.debut_validite) {
        return Err("fin de validité avant le début.".to_string());
    }
    if let Some(s) = &sv.script {
        required(
            &s.motif,
            "Motif du scénario",
            domain::organisation::structure::MAX_MOTIF_SCRIPT,
        )?;
    }
    Ok(())
}

fn check_rattachement(r: &Rattachement) -> Result<(), String> {
    id(r.id.as_str(), "Identifiant du rattachement")?;
    id(r.account.as_str(), "Compte")?;
    id(r.structure.as_str(), "Structure")?;
    if let Some(by) = &r.decided_by {
        id(by.as_str(), "Décidé par")?;
    }
    instant(r.requested_at, "Demandé le")?;
    if let Some(t) = r.decided_at {
        instant(t, "Décidé le")?;
    }
    count(r.services.len(), MAX_ELEMENTS, "Services")?;
    for s in &r.services {
        id(s.as_str(), "Services")?;
    }
    for t in r.commentaire.iter().chain(r.motif.iter()) {
        required(t, "Commentaire", rattachement::MAX_COMMENT_LENGTH)?;
    }
    Ok(())
}

fn check_account(a: &Compte) -> Result<(), String> {
    id(a.id.as_str(), "Identifiant du compte")?;
    if let Some(s) = &a.structure_courante {
        id(s.as_str(), "Structure courante")?;
    }
    instant(a.created_at, "Créé le")?;
    if let Some(t) = a.activated_at {
        instant(t, "Activé le")?;
    }
    if let Some(t) = a.last_login_at {
        instant(t, "Dernière connexion")?;
    }
    let email = compte::check_email(&a.login_email, "Adresse électronique de connexion")?;
    if email != a.login_email {
        return Err("adresse de connexion non normalisée.".to_string());
    }
    compte::check_email(&a.contact_email, "Adresse électronique de contact")?;
    required(&a.nom, "Nom", compte::MAX_NAME_LENGTH)?;
    required(&a.prenom, "Prénom", compte::MAX_NAME_LENGTH)?;
    if let Some(t) = &a.telephone {
        compte::check_phone(t)?;
    }
    mot_de_passe::check_hash(&a.password_hash)?;
    if let Some(link) = &a.link {
        if link.token.len() != 32 || !link.token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("lien d'activation invalide.".to_string());
        }
        instant(link.expires_at, "Expiration du lien")?;
    }
    Ok(())
}

fn check_mail(m: &Courriel) -> Result<(), String> {
    id(m.id.as_str(), "Identifiant du message")?;
    if let Some(acc) = &m.account {
        id(acc.as_str(), "Compte")?;
    }
    instant(m.sent_at, "Envoyé le")?;
    compte::check_email(&m.to, "Destinataire")?;
    required(&m.subject, "Objet", MAX_SUBJECT)?;
    if m.body.chars().count() > MAX_BODY {
        return Err(format!("message de plus de {MAX_BODY} caractères."));
    }
    if m.body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err("message contenant des caractères de contrôle.".to_string());
    }
    Ok(())
}

/// The training progress: a scenario id of the ids' alphabet, a small version, a bounded trainee
/// name, at most `MAX_ETAPES` steps, a start within the instants' range.
/// A flux holds what a deposit writes: its number, files, statuses in order (the first one
/// IN_RECU, the last one its status), a bounded compte rendu, and invoices that each keep the
/// invoices' own bounds (those waiting: not sent yet; integrated: ids).
fn check_flux(f: &Flux) -> Result<(), String> {
    use domain::facturation::flux as fx;
    id(f.id.as_str(), "Identifiant du flux")?;
    id(f.emetteur.as_str(), "Structure émettrice")?;
    id(f.depose_par.as_str(), "Déposé par")?;
    if !(f.numero.len() == 14
        && f.numero.starts_with("CPP")
        && f.numero.bytes().skip(3).all(|b| b.is_ascii_digit()))
    {
        return Err("numéro de flux invalide (CPP, l'année et 7 chiffres).".to_string());
    }
    count(f.fichiers.len(), fx::MAX_FICHIERS, "Fichiers")?;
    for n in &f.fichiers {
        optional(n, "Nom de fichier", fx::MAX_NOM_FICHIER)?;
    }
    count(
        f.historique.len(),
        fx::StatutFlux::ALL.len(),
        "Historique du flux",
    )?;
    let mut precedent: Option<&fx::EtapeFlux> = None;
    for e in &f.historique {
        instant(e.at, "Historique du flux")?;
        if precedent.is_some_and(|p| p.statut >= e.statut || p.at > e.at) {
            return Err("historique du flux incohérent : étapes dans le désordre.".to_string());
        }
        precedent = Some(e);
    }
    if f.historique.first().map(|e| e.statut) != Some(fx::StatutFlux::InRecu) {
        return Err("historique du flux incohérent : il ne commence pas par IN_RECU.".to_string());
    }
    if f.historique.last().map(|e| e.statut) != Some(f.statut) {
        return Err("historique du flux incohérent avec son statut.".to_string());
    }
    if f.nb_factures as usize > fx::MAX_FACTURES_FLUX {
        return Err(format!(
            "un flux compte au plus {} factures.",
            fx::MAX_FACTURES_FLUX
        ));
    }
    count(
        f.erreurs_techniques.len(),
        fx::MAX_ERREURS,
        "Erreurs techniques",
    )?;
    for e in &f.erreurs_techniques {
        optional(&e.fichier, "Fichier", fx::MAX_NOM_FICHIER)?;
        optional(&e.code, "Code d'erreur", 40)?;
        required(&e.libelle, "Libellé d'erreur", fx::MAX_LIBELLE)?;
    }
    count(f.erreurs_dp.len(), fx::MAX_ERREURS, "Erreurs des factures")?;
    for e in &f.erreurs_dp {
        optional(
            &e.numero,
            "Numéro de facture",
            domain::facturation::saisie::MAX_NUMERO,
        )?;
        optional(&e.fichier, "Fichier", fx::MAX_NOM_FICHIER)?;
        optional(&e.identifiant_fournisseur, "Identifiant du fournisseur", 40)?;
        optional(
            &e.identifiant_destinataire,
            "Identifiant du destinataire",
            40,
        )?;
        required(&e.libelle, "Libellé d'erreur", fx::MAX_LIBELLE)?;
        optional(&e.regle, "Règle", 20)?;
    }
    count(
        f.en_attente.len() + f.integrees.len(),
        fx::MAX_FACTURES_FLUX,
        "Factures du flux",
    )?;
    if f.statut.est_final() && !f.en_attente.is_empty() {
        return Err("un flux traité n'a plus de facture en attente.".to_string());
    }
    for fa in &f.en_attente {
        check_facture(fa)?;
        if !fa.is_draft() || fa.emetteur != f.emetteur {
            return Err("facture en attente incohérente avec le flux.".to_string());
        }
    }
    for i in &f.integrees {
        id(i.as_str(), "Facture intégrée")?;
    }
    Ok(())
}

fn check_progression(p: &Progression) -> Result<(), String> {
    id(&p.scenario, "Scénario")?;
    if p.version == 0 || p.version > 1_000 {
        return Err("version de scénario hors limites (1 à 1000).".to_string());
    }
    optional(&p.stagiaire, "Stagiaire", progression::MAX_STAGIAIRE)?;
    if let Some(c) = &p.compte {
        id(c.as_str(), "Compte du stagiaire")?;
    }
    count(p.etapes.len(), progression::MAX_ETAPES, "Étapes")?;
    for e in &p.etapes {
        if let Some(t) = e.le {
            instant(t, "Étape vérifiée le")?;
        }
    }
    instant(p.debut, "Début")?;
    if let Some(s) = &p.session {
        check_session(s)?;
    }
    count(
        p.qcm.len(),
        progression::MAX_PASSATIONS,
        "Tests de positionnement",
    )?;
    for q in &p.qcm {
        instant(q.debut, "Début du test")?;
        instant(q.fin, "Fin du test")?;
        count(q.reponses.len(), progression::MAX_QUESTIONS, "Réponses")?;
        for (question, choix) in &q.reponses {
            id(question, "Question")?;
            if *choix > progression::NE_SAIT_PAS && *choix != progression::SANS_REPONSE {
                return Err(format!("réponse « {choix} » inconnue (0 à 3, ou 255)."));
            }
        }
    }
    Ok(())
}

/// A training session's settings: bounded texts, dates in range, a duration of at most a year,
/// a bounded list of scenario ids, at most `MAX_QUESTIONS` questions.
pub fn check_session(s: &progression::Session) -> Result<(), String> {
    use progression::MAX_TEXTE_SESSION as M;
    optional(&s.titre, "Intitulé de la formation", M)?;
    optional(&s.organisme, "Organisme de formation", M)?;
    optional(&s.representant, "Représentant légal", M)?;
    optional(&s.lieu, "Lieu", M)?;
    for d in [s.du, s.au].into_iter().flatten() {
        day(d, "Dates de la formation")?;
    }
    if s.duree_minutes > 366 * 24 * 60 {
        return Err("durée de la formation hors limites (au plus un an).".to_string());
    }
    count(
        s.scenarios.len(),
        progression::MAX_SCENARIOS_SESSION,
        "Scénarios",
    )?;
    for sc in &s.scenarios {
        id(sc, "Scénario")?;
    }
    if usize::from(s.questions) > progression::MAX_QUESTIONS {
        return Err(format!(
            "nombre de questions hors limites (au plus {}).",
            progression::MAX_QUESTIONS
        ));
    }
    Ok(())
}

/// A sollicitation holds what « Nous contacter » and the answers accept: valid ids and instants,
/// a title and texts within their lengths (lines allowed in the texts), a bounded conversation, a
/// ticket number `SOL-<year>-<6 digits>` exactly when sent, a receiver once sent.
fn check_sollicitation(so: &Sollicitation) -> Result<(), String> {
    id(so.id.as_str(), "Identifiant de la sollicitation")?;
    id(so.auteur.as_str(), "Auteur")?;
    instant(so.cree_le, "Créée le")?;
    required(&so.titre, "Titre", sollicitations::MAX_TITRE)?;
    if !so.description.is_empty() {
        sollicitations::texte_long(&so.description, "Description", sollicitations::MAX_TEXTE)?;
    }
    let numero_ok = match so.numero.strip_prefix("SOL-") {
        Some(rest) => {
            rest.len() == 11
                && rest.bytes().enumerate().all(|(i, b)| {
                    if i == 4 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                })
        }
        None => so.numero.is_empty(),
    };
    if !numero_ok {
        return Err(format!(
            "le numéro de sollicitation « {} » n'a pas la forme SOL-AAAA-NNNNNN.",
            shorten(&so.numero)
        ));
    }
    if (so.etat() == Etat::Brouillon) != so.numero.is_empty() {
        return Err("une sollicitation envoyée a un numéro, un brouillon n'en a pas.".to_string());
    }
    if so.etat() != Etat::Brouillon && so.destinataire.is_none() {
        return Err("une sollicitation envoyée a un destinataire.".to_string());
    }
    if let Some(Destinataire::Service { structure, code }) = &so.destinataire {
        id(structure.as_str(), "Structure destinataire")?;
        required(code, "Code service", services::MAX_SERVICE_CODE)?;
    }
    count(so.messages.len(), sollicitations::MAX_MESSAGES, "Messages")?;
    for m in &so.messages {
        instant(m.at, "Date d'un message")?;
        if let Some(p) = &m.par {
            id(p.as_str(), "Auteur d'un message")?;
        }
        if !m.texte.is_empty() {
            sollicitations::texte_long(&m.texte, "Message", sollicitations::MAX_TEXTE)?;
        }
    }
    Ok(())
}
