//! Commands on structures: creation at first login, the fiche structure (general information,
//! recipient parameters, applications, coordonnées bancaires), services, the SIRET change and
//! deactivation (facts §2). Each command checks the permission matrix first.

use crate::compte::{self, check_email, check_phone};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{AccountId, BankAccountId, RattachementId, ServiceId, StructureId};
use crate::kernel::text;
use crate::kernel::time::Timestamp;
use crate::kernel::time::{iso_day, parse_day};
use crate::organisation::coordonnees_bancaires;
use crate::organisation::droits::{Action, Application, RattachementStatus, Role};
use crate::organisation::identifiants::{self, IdentifierType};
use crate::organisation::insee::{self, EtatAdministratif};
use crate::organisation::rattachement::{self, authorize, notice, Rattachement};
use crate::organisation::structure::{
    Address, BankAccount, RecipientParameters, Service, Structure, StructureKind, StructureStatus,
    FACTURES_PUBLIQUES,
};
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::rc::Rc;

pub const MAX_RAISON_SOCIALE: usize = 100;
pub const MAX_ADDRESS_LINE: usize = 100;
pub const MAX_VILLE: usize = 50;
pub const MAX_RCS: usize = 60;
pub const MAX_LIBELLE: usize = 100;
pub const MAX_SERVICE_CODE: usize = 100;
pub const MAX_DESCRIPTION: usize = 255;

/// The fiche structure's general information, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct StructureForm {
    pub identifier_type: IdentifierType,
    pub identifier: String,
    /// Created although the SIRET is not (yet) in the INSEE base.
    pub en_cours_immatriculation: bool,
    pub raison_sociale: String,
    pub libelle: String,
    pub adresse: String,
    pub complement1: String,
    pub complement2: String,
    pub code_postal: String,
    pub ville: String,
    pub pays: String,
    pub telephone: String,
    pub email: String,
    pub numero_tva: String,
    pub rcs: String,
}

impl Default for StructureForm {
    fn default() -> Self {
        StructureForm {
            identifier_type: IdentifierType::Siret,
            identifier: String::new(),
            en_cours_immatriculation: false,
            raison_sociale: String::new(),
            libelle: String::new(),
            adresse: String::new(),
            complement1: String::new(),
            complement2: String::new(),
            code_postal: String::new(),
            ville: String::new(),
            pays: "FR".to_string(),
            telephone: String::new(),
            email: String::new(),
            numero_tva: String::new(),
            rcs: String::new(),
        }
    }
}

impl StructureForm {
    /// The form filled from an existing structure (to edit it).
    pub fn of(s: &Structure) -> StructureForm {
        StructureForm {
            identifier_type: s.identifier_type,
            identifier: s.identifier.clone(),
            en_cours_immatriculation: s.en_cours_immatriculation,
            raison_sociale: s.raison_sociale.clone(),
            libelle: s.libelle.clone().unwrap_or_default(),
            adresse: s.adresse.adresse.clone(),
            complement1: s.adresse.complement1.clone().unwrap_or_default(),
            complement2: s.adresse.complement2.clone().unwrap_or_default(),
            code_postal: s.adresse.code_postal.clone(),
            ville: s.adresse.ville.clone(),
            pays: s.adresse.pays.clone(),
            telephone: s.telephone.clone().unwrap_or_default(),
            email: s.email.clone().unwrap_or_default(),
            numero_tva: s.numero_tva.clone().unwrap_or_default(),
            rcs: s.rcs.clone().unwrap_or_default(),
        }
    }

    /// « Rechercher dans la base INSEE »: the raison sociale, address, VAT number and RCS of a
    /// known SIRET replace what was typed.
    pub fn fill_from_insee(&mut self, e: &insee::Etablissement) {
        self.raison_sociale = e.raison_sociale.clone();
        self.adresse = e.adresse.adresse.clone();
        self.complement1 = e.adresse.complement1.clone().unwrap_or_default();
        self.complement2 = e.adresse.complement2.clone().unwrap_or_default();
        self.code_postal = e.adresse.code_postal.clone();
        self.ville = e.adresse.ville.clone();
        self.pays = "FR".to_string();
        self.numero_tva = e.numero_tva();
        self.rcs = e.rcs();
    }
}

/// Countries offered in the address (ISO 3166-1 alpha-2 → French name).
pub const COUNTRIES: [(&str, &str); 14] = [
    ("FR", "France"),
    ("BE", "Belgique"),
    ("DE", "Allemagne"),
    ("ES", "Espagne"),
    ("IT", "Italie"),
    ("LU", "Luxembourg"),
    ("NL", "Pays-Bas"),
    ("PT", "Portugal"),
    ("CH", "Suisse"),
    ("GB", "Royaume-Uni"),
    ("US", "États-Unis"),
    ("NC", "Nouvelle-Calédonie"),
    ("PF", "Polynésie française"),
    ("MA", "Maroc"),
];

/// The INSEE lookup of a SIRET typed in the form: `Ok(None)` when the SIRET is valid but unknown.
pub fn insee_lookup(raw: &str) -> Result<Option<insee::Etablissement>, String> {
    let siret = identifiants::validate_siret(raw)?;
    Ok(insee::lookup(&siret))
}

fn check_address(v: &mut Validator, f: &StructureForm) -> Address {
    let mut field = |name: &'static str, r: Result<Option<String>, String>| match r {
        Ok(x) => x,
        Err(m) => {
            v.push(name, m);
            None
        }
    };
    let adresse = field(
        "adresse",
        text::required(&f.adresse, "Adresse", MAX_ADDRESS_LINE).map(Some),
    );
    let complement1 = field(
        "complement1",
        text::optional(&f.complement1, "Complément d'adresse 1", MAX_ADDRESS_LINE),
    );
    let complement2 = field(
        "complement2",
        text::optional(&f.complement2, "Complément d'adresse 2", MAX_ADDRESS_LINE),
    );
    let ville = field(
        "ville",
        text::required(&f.ville, "Ville", MAX_VILLE).map(Some),
    );
    let pays = f.pays.trim().to_ascii_uppercase();
    if !COUNTRIES.iter().any(|(c, _)| *c == pays) {
        v.push("pays", "Choisissez un pays dans la liste.");
    }
    let cp = f.code_postal.trim().replace(' ', "");
    if cp.is_empty() {
        v.push("code_postal", "Le champ « Code postal » est obligatoire.");
    } else if pays == "FR" && (cp.len() != 5 || !cp.chars().all(|c| c.is_ascii_digit())) {
        v.push(
            "code_postal",
            format!("Un code postal français comporte 5 chiffres (« {cp} » saisi)."),
        );
    } else if cp.chars().count() > 10 || !cp.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        v.push(
            "code_postal",
            "Le code postal comporte au plus 10 lettres, chiffres ou tirets.",
        );
    }
    Address {
        adresse: adresse.unwrap_or_default(),
        complement1,
        complement2,
        code_postal: cp,
        ville: ville.unwrap_or_default(),
        pays,
    }
}

/// Checks the descriptive fields (everything but the identifier) into `s`.
fn apply_form(v: &mut Validator, f: &StructureForm, s: &mut Structure) {
    match text::required(&f.raison_sociale, "Raison sociale", MAX_RAISON_SOCIALE) {
        Ok(x) => s.raison_sociale = x,
        Err(m) => v.push("raison_sociale", m),
    }
    match text::optional(&f.libelle, "Libellé", MAX_LIBELLE) {
        Ok(x) => s.libelle = x,
        Err(m) => v.push("libelle", m),
    }
    s.adresse = check_address(v, f);
    match check_phone(&f.telephone) {
        Ok(x) => s.telephone = x,
        Err(m) => v.push("telephone_structure", m),
    }
    s.email = if f.email.trim().is_empty() {
        None
    } else {
        match check_email(&f.email, "Adresse électronique") {
            Ok(x) => Some(x),
            Err(m) => {
                v.push("email_structure", m);
                None
            }
        }
    };
    s.numero_tva = if f.numero_tva.trim().is_empty() {
        None
    } else {
        match identifiants::validate_vat_number(&f.numero_tva) {
            Ok(tva) => {
                // A French number carries the SIREN: it must be this structure's.
                if s.identifier_type == IdentifierType::Siret
                    && tva.starts_with("FR")
                    && tva.get(4..) != Some(identifiants::siren_of(&s.identifier))
                {
                    v.push("numero_tva", format!("Ce numéro de TVA ne correspond pas au SIREN de la structure ({}) : le numéro attendu est {}.", identifiants::siren_of(&s.identifier), identifiants::french_vat_number(identifiants::siren_of(&s.identifier))));
                }
                Some(tva)
            }
            Err(m) => {
                v.push("numero_tva", m);
                None
            }
        }
    };
    match text::optional(&f.rcs, "Numéro RCS", MAX_RCS) {
        Ok(x) => s.rcs = x,
        Err(m) => v.push("rcs", m),
    }
}

/// Checks a new identifier: valid for its type, free, and for a SIRET known and open at INSEE
/// unless the structure is declared « en cours d'immatriculation ». Returns the normalised
/// identifier and whether the INSEE base knows it.
fn check_identifier(
    v: &mut Validator,
    sb: &Sandbox,
    kind: IdentifierType,
    raw: &str,
    en_cours: bool,
) -> Option<(String, Option<insee::Etablissement>)> {
    let id = match identifiants::validate(kind, raw) {
        Ok(id) => id,
        Err(m) => {
            v.push("identifier", m);
            return None;
        }
    };
    if let Some(existing) = sb
        .structures
        .values()
        .find(|s| s.identifier_type == kind && s.identifier == id && s.is_active())
    {
        v.push(
            "identifier",
            format!(
                "Une structure active existe déjà avec cet identifiant : « {} ». Demandez plutôt votre rattachement à cette structure.",
                existing.display_name()
            ),
        );
        return None;
    }
    let known = if kind == IdentifierType::Siret {
        match insee::lookup(&id) {
            Some(e) if e.etat == EtatAdministratif::Ferme => {
                v.push("identifier", "Ce SIRET correspond à un établissement fermé dans la base INSEE : une structure ne peut pas être créée avec.");
                return None;
            }
            Some(e) => Some(e),
            None if en_cours => None,
            None => {
                v.push("identifier", "Ce SIRET est inconnu de la base INSEE (simulée). Vérifiez-le, ou cochez « Structure en cours d'immatriculation » si l'entreprise vient d'être créée.");
                return None;
            }
        }
    } else {
        None
    };
    Some((id, known))
}

/// « Créer une nouvelle structure » (private: public structures come from the annuaire). The
/// creator becomes its gestionnaire principal and works for it from now on.
pub fn create_structure(
    sb: &Sandbox,
    actor: &AccountId,
    form: &StructureForm,
    now: Timestamp,
) -> Result<Outcome<StructureId>, DomainError> {
    let creator = compte::acting(sb, actor)?;
    let mut v = Validator::new();
    let checked = check_identifier(
        &mut v,
        sb,
        form.identifier_type,
        &form.identifier,
        form.en_cours_immatriculation,
    );
    let (identifier, known) = checked.clone().unwrap_or_default();
    let mut s = Structure {
        id: StructureId::generate(),
        identifier_type: form.identifier_type,
        identifier,
        kind: StructureKind::Privee,
        categorie: None,
        raison_sociale: String::new(),
        libelle: None,
        adresse: Address::default(),
        telephone: None,
        email: None,
        numero_tva: None,
        rcs: None,
        parametres: RecipientParameters::default(),
        applications: Application::defaults(false),
        bank_accounts: Vec::new(),
        status: StructureStatus::Active,
        en_cours_immatriculation: form.identifier_type == IdentifierType::Siret
            && checked.is_some()
            && known.is_none(),
        origine: None,
        simulation: None,
        created_at: now,
    };
    if checked.is_none() {
        // The identifier is wrong: still check the rest, against a SIRET-free structure.
        s.identifier_type = IdentifierType::Autre;
    }
    apply_form(&mut v, form, &mut s);
    s.identifier_type = form.identifier_type;
    v.finish()?;

    let mut creator_now = (**creator).clone();
    creator_now.structure_courante = Some(s.id.clone());
    let r = Rattachement {
        id: RattachementId::generate(),
        account: actor.clone(),
        structure: s.id.clone(),
        role: Role::GestionnairePrincipal,
        status: RattachementStatus::Validee,
        habilitations: BTreeMap::new(),
        services: Vec::new(),
        commentaire: None,
        motif: None,
        requested_at: now,
        decided_at: Some(now),
        decided_by: Some(actor.clone()),
    };
    let mail = notice(
        creator,
        format!("Création de la structure « {} »", s.display_name()),
        format!(
            "La structure « {} » (identifiant {}) a été créée. Vous en êtes le gestionnaire principal : complétez sa fiche (coordonnées bancaires, services) et validez les demandes de rattachement de vos collègues.{}",
            s.display_name(),
            s.identifier,
            if s.en_cours_immatriculation { "\nElle est enregistrée « en cours d'immatriculation » : mettez-la à jour depuis la base INSEE quand l'immatriculation sera faite." } else { "" }
        ),
        now,
    );
    let id = s.id.clone();
    Ok(Outcome::new()
        .put(Record::Structure(Rc::new(s)))
        .put(Record::Rattachement(Rc::new(r)))
        .put(Record::Account(Rc::new(creator_now)))
        .put(mail)
        .with_value(id))
}

/// Writes `updated` unless it equals `current` (writes proportional to what changed).
fn put_structure(current: &Structure, updated: Structure) -> Outcome {
    if updated == *current {
        return Outcome::new();
    }
    Outcome::new().put(Record::Structure(Rc::new(updated)))
}

/// « Modifier » the fiche's general information (the identifier changes through
/// `change_identifier`).
pub fn update_structure(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    form: &StructureForm,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::ModifierStructure)?;
    let mut updated = (**s).clone();
    let mut v = Validator::new();
    apply_form(&mut v, form, &mut updated);
    v.finish()?;
    Ok(put_structure(s, updated))
}

/// « Mettre à jour depuis la base INSEE »: raison sociale and address of the siège as INSEE
/// knows them; a structure « en cours d'immatriculation » found there is registered at last.
pub fn refresh_from_insee(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::ModifierStructure)?;
    if s.identifier_type != IdentifierType::Siret {
        return Err(DomainError::Rule(
            "Seules les structures identifiées par un SIRET se mettent à jour depuis la base INSEE."
                .to_string(),
        ));
    }
    let Some(e) = insee::lookup(&s.identifier) else {
        return Err(DomainError::Rule(format!(
            "Le SIRET {} n'est toujours pas connu de la base INSEE (simulée) : la fiche reste inchangée.",
            s.identifier
        )));
    };
    let mut updated = (**s).clone();
    updated.raison_sociale = e.raison_sociale.clone();
    updated.adresse = e.adresse.clone();
    updated.en_cours_immatriculation = false;
    if updated.numero_tva.is_none() {
        updated.numero_tva = Some(e.numero_tva());
    }
    Ok(put_structure(s, updated))
}

/// The recipient parameters of a public structure (§2.3).
pub fn set_parameters(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    p: RecipientParameters,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::ModifierStructure)?;
    if !s.is_public() {
        return Err(DomainError::Rule(
            "Les paramètres de réception ne concernent que les structures publiques, destinataires des factures.".to_string(),
        ));
    }
    if p.est_moa_uniquement && !p.est_moa {
        return Err(DomainError::field(
            "est_moa_uniquement",
            "« Maître d'ouvrage uniquement » suppose de cocher aussi « Maître d'ouvrage (MOA) ».",
        ));
    }
    let mut updated = (**s).clone();
    updated.parametres = p;
    Ok(put_structure(s, updated))
}

/// The structure's applications. Structures and Utilisateurs cannot be removed (nobody could
/// manage the structure any more); Factures reçues is for public structures only.
pub fn set_applications(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    apps: &[Application],
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::GererApplications)?;
    let mut list: Vec<Application> = Application::ALL
        .into_iter()
        .filter(|a| apps.contains(a))
        .collect();
    for required in [Application::Structures, Application::Utilisateurs] {
        if !list.contains(&required) {
            return Err(DomainError::field(
                "applications",
                format!(
                    "L'application « {} » ne peut pas être retirée : elle sert à gérer la structure.",
                    required.label()
                ),
            ));
        }
    }
    if list.contains(&Application::FacturesRecues) && !s.is_public() {
        return Err(DomainError::field(
            "applications",
            "« Factures reçues » est réservée aux structures publiques, destinataires des factures.",
        ));
    }
    list.dedup();
    let mut updated = (**s).clone();
    updated.applications = list;
    Ok(put_structure(s, updated))
}

/// A bank account as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BankForm {
    pub libelle: String,
    pub iban: String,
    pub bic: String,
    pub affactureur: bool,
}

fn check_bank(
    f: &BankForm,
    s: &Structure,
    editing: Option<&BankAccountId>,
) -> Result<(String, String, String), DomainError> {
    let mut v = Validator::new();
    let libelle = text::required(&f.libelle, "Libellé du compte", MAX_LIBELLE);
    v.check(
        "libelle_compte",
        libelle.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    let iban = coordonnees_bancaires::validate_iban(&f.iban);
    match &iban {
        Ok(iban) => {
            if s.bank_accounts
                .iter()
                .any(|b| &b.iban == iban && Some(&b.id) != editing)
            {
                v.push(
                    "iban",
                    "Ce compte (même IBAN) est déjà enregistré sur la structure.",
                );
            }
        }
        Err(m) => v.push("iban", m.clone()),
    }
    let bic = coordonnees_bancaires::validate_bic(&f.bic);
    v.check("bic", bic.as_ref().map(|_| ()).map_err(Clone::clone));
    v.finish()?;
    Ok((
        libelle.unwrap_or_default(),
        iban.unwrap_or_default(),
        bic.unwrap_or_default(),
    ))
}

pub fn add_bank_account(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    f: &BankForm,
) -> Result<Outcome<BankAccountId>, DomainError> {
    let s = authorize(sb, actor, id, Action::GererCoordonneesBancaires)?;
    let (libelle, iban, bic) = check_bank(f, s, None)?;
    let account = BankAccount {
        id: BankAccountId::generate(),
        libelle,
        iban,
        bic,
        affactureur: f.affactureur,
        actif: true,
    };
    let bank_id = account.id.clone();
    let mut updated = (**s).clone();
    updated.bank_accounts.push(account);
    Ok(put_structure(s, updated).with_value(bank_id))
}

/// Applies `edit` to one bank account of the structure, after the permission check.
fn edit_bank_account(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    bank_id: &BankAccountId,
    edit: impl FnOnce(&Structure, &mut BankAccount) -> Result<(), DomainError>,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::GererCoordonneesBancaires)?;
    let mut updated = (**s).clone();
    let b = updated
        .bank_accounts
        .iter_mut()
        .find(|b| &b.id == bank_id)
        .ok_or_else(|| DomainError::NotFound("Ce compte bancaire n'existe plus.".to_string()))?;
    edit(s, b)?;
    Ok(put_structure(s, updated))
}

pub fn update_bank_account(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    bank_id: &BankAccountId,
    f: &BankForm,
) -> Result<Outcome, DomainError> {
    edit_bank_account(sb, actor, id, bank_id, |s, b| {
        let (libelle, iban, bic) = check_bank(f, s, Some(bank_id))?;
        b.libelle = libelle;
        b.iban = iban;
        b.bic = bic;
        b.affactureur = f.affactureur;
        Ok(())
    })
}

/// Activates or deactivates a bank account (an inactive one cannot be chosen on an invoice).
pub fn set_bank_account_active(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    bank_id: &BankAccountId,
    actif: bool,
) -> Result<Outcome, DomainError> {
    edit_bank_account(sb, actor, id, bank_id, |_, b| {
        b.actif = actif;
        Ok(())
    })
}

/// A service as typed. Dates come from date inputs (`AAAA-MM-JJ`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceForm {
    pub code: String,
    pub libelle: String,
    pub description: String,
    pub adresse: String,
    pub code_postal: String,
    pub ville: String,
    pub debut_validite: String,
    pub fin_validite: String,
    pub ej_obligatoire: bool,
}

impl ServiceForm {
    pub fn of(s: &Service) -> ServiceForm {
        let a = s.adresse.clone().unwrap_or_default();
        ServiceForm {
            code: s.code.clone(),
            libelle: s.libelle.clone(),
            description: s.description.clone().unwrap_or_default(),
            adresse: a.adresse,
            code_postal: a.code_postal,
            ville: a.ville,
            debut_validite: iso_day(s.debut_validite),
            fin_validite: s.fin_validite.map(iso_day).unwrap_or_default(),
            ej_obligatoire: s.ej_obligatoire,
        }
    }
}

fn check_service(
    sb: &Sandbox,
    f: &ServiceForm,
    structure: &StructureId,
    editing: Option<&ServiceId>,
    today: NaiveDate,
) -> Result<Service, DomainError> {
    let mut v = Validator::new();
    let code = f.code.trim().to_uppercase();
    if code.is_empty() {
        v.push("code", "Le champ « Code service » est obligatoire.");
    } else if code.chars().count() > MAX_SERVICE_CODE {
        v.push(
            "code",
            format!("Le code service ne doit pas dépasser {MAX_SERVICE_CODE} caractères."),
        );
    } else if let Some(c) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        v.push(
            "code",
            format!(
                "Le code service ne contient que des lettres sans accent, des chiffres, « _ » et « - » : {} n'est pas autorisé.",
                text::describe_char(c)
            ),
        );
    } else if code == FACTURES_PUBLIQUES {
        v.push(
            "code",
            "Le code FACTURES_PUBLIQUES est réservé au service des factures entre entités publiques.",
        );
    } else if sb
        .services
        .values()
        .any(|s| &s.structure == structure && s.code == code && Some(&s.id) != editing)
    {
        v.push(
            "code",
            format!("Le code service « {code} » existe déjà dans cette structure."),
        );
    }
    let libelle = text::required(&f.libelle, "Libellé", MAX_LIBELLE);
    v.check(
        "libelle",
        libelle.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    let description = text::optional(&f.description, "Description", MAX_DESCRIPTION);
    v.check(
        "description",
        description.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    // The address is optional, but complete when given.
    let parts = [&f.adresse, &f.code_postal, &f.ville];
    let adresse = if parts.iter().all(|p| p.trim().is_empty()) {
        None
    } else {
        let af = StructureForm {
            adresse: f.adresse.clone(),
            code_postal: f.code_postal.clone(),
            ville: f.ville.clone(),
            ..StructureForm::default()
        };
        let mut av = Validator::new();
        let a = check_address(&mut av, &af);
        if let Err(e) = av.finish() {
            for fe in e.field_errors() {
                let field = match fe.field.dom_id().as_ref() {
                    "adresse" => "service_adresse",
                    "code_postal" => "service_code_postal",
                    _ => "service_ville",
                };
                v.push(field, fe.message.clone());
            }
        }
        Some(a)
    };
    let debut = parse_day(&f.debut_validite, "Début de validité");
    let fin = parse_day(&f.fin_validite, "Fin de validité");
    let debut = match debut {
        Ok(d) => d.unwrap_or(today),
        Err(m) => {
            v.push("debut_validite", m);
            today
        }
    };
    let fin = match fin {
        Ok(d) => d,
        Err(m) => {
            v.push("fin_validite", m);
            None
        }
    };
    if fin.is_some_and(|fin| fin < debut) {
        v.push(
            "fin_validite",
            "La fin de validité ne peut pas précéder le début de validité.",
        );
    }
    v.finish()?;
    Ok(Service {
        id: editing.cloned().unwrap_or_else(ServiceId::generate),
        structure: structure.clone(),
        code,
        libelle: libelle.unwrap_or_default(),
        description: description.unwrap_or_default(),
        adresse,
        debut_validite: debut,
        fin_validite: fin,
        ej_obligatoire: f.ej_obligatoire,
        actif: true,
    })
}

fn today(now: Timestamp) -> NaiveDate {
    crate::kernel::time::paris_date(now)
}

pub fn create_service(
    sb: &Sandbox,
    actor: &AccountId,
    structure: &StructureId,
    f: &ServiceForm,
    now: Timestamp,
) -> Result<Outcome<ServiceId>, DomainError> {
    authorize(sb, actor, structure, Action::GererServices)?;
    let service = check_service(sb, f, structure, None, today(now))?;
    let id = service.id.clone();
    Ok(Outcome::new()
        .put(Record::Service(Rc::new(service)))
        .with_value(id))
}

fn service_of<'a>(sb: &'a Sandbox, id: &ServiceId) -> Result<&'a Rc<Service>, DomainError> {
    sb.services
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Ce service n'existe plus.".to_string()))
}

pub fn update_service(
    sb: &Sandbox,
    actor: &AccountId,
    id: &ServiceId,
    f: &ServiceForm,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let current = service_of(sb, id)?;
    authorize(sb, actor, &current.structure, Action::GererServices)?;
    if current.managed_by_portal() {
        return Err(DomainError::Rule(
            "Le service FACTURES_PUBLIQUES est géré par le portail : il ne se modifie pas."
                .to_string(),
        ));
    }
    let mut service = check_service(sb, f, &current.structure, Some(id), today(now))?;
    service.actif = current.actif;
    if service == **current {
        return Ok(Outcome::new());
    }
    Ok(Outcome::new().put(Record::Service(Rc::new(service))))
}

pub fn set_service_active(
    sb: &Sandbox,
    actor: &AccountId,
    id: &ServiceId,
    actif: bool,
) -> Result<Outcome, DomainError> {
    let current = service_of(sb, id)?;
    authorize(sb, actor, &current.structure, Action::GererServices)?;
    if current.managed_by_portal() {
        return Err(DomainError::Rule(
            "Le service FACTURES_PUBLIQUES est géré par le portail : il ne se désactive pas."
                .to_string(),
        ));
    }
    if current.actif == actif {
        return Ok(Outcome::new());
    }
    let mut s = (**current).clone();
    s.actif = actif;
    Ok(Outcome::new().put(Record::Service(Rc::new(s))))
}

/// Services of a structure, by code.
pub fn services_of<'a>(sb: &'a Sandbox, structure: &StructureId) -> Vec<&'a Rc<Service>> {
    let mut out: Vec<_> = sb
        .services
        .values()
        .filter(|s| &s.structure == structure)
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id)));
    out
}

/// « Modifier l'identifiant » (SIRET change, facts §2.2): the structure is deactivated and a copy
/// is created under the new identifier, with its data, services and users. Returns the new id.
pub fn change_identifier(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
    new_identifier: &str,
    en_cours_immatriculation: bool,
    now: Timestamp,
) -> Result<Outcome<StructureId>, DomainError> {
    let old = authorize(sb, actor, id, Action::ChangerIdentifiant)?;
    let kind = old.identifier_type;
    if identifiants::normalize(kind, new_identifier) == old.identifier {
        return Err(DomainError::field(
            "nouvel_identifiant",
            "Le nouvel identifiant est identique à l'identifiant actuel.",
        ));
    }
    let mut v = Validator::new();
    let checked = check_identifier(&mut v, sb, kind, new_identifier, en_cours_immatriculation);
    if let Err(DomainError::Invalid(errors)) = v.finish() {
        return Err(DomainError::Invalid(
            errors
                .into_iter()
                .map(|mut e| {
                    e.field = "nouvel_identifiant".into();
                    e
                })
                .collect(),
        ));
    }
    let (identifier, known) = checked.expect("no error means a checked identifier");

    let mut deactivated = (**old).clone();
    deactivated.status = StructureStatus::Desactivee;
    let mut copy = (**old).clone();
    copy.id = StructureId::generate();
    copy.identifier = identifier;
    copy.origine = Some(old.id.clone());
    copy.created_at = now;
    copy.status = StructureStatus::Active;
    copy.en_cours_immatriculation = kind == IdentifierType::Siret && known.is_none();
    if let Some(e) = &known {
        copy.raison_sociale = e.raison_sociale.clone();
        copy.adresse = e.adresse.clone();
        copy.numero_tva = Some(e.numero_tva());
    }
    let mut out = Outcome::new()
        .put(Record::Structure(Rc::new(deactivated)))
        .put(Record::Structure(Rc::new(copy.clone())));
    for sv in services_of(sb, id) {
        let mut s = (**sv).clone();
        s.id = ServiceId::generate();
        s.structure = copy.id.clone();
        out = out.put(Record::Service(Rc::new(s)));
    }
    for (r, user) in rattachement::members(sb, id) {
        if r.status == RattachementStatus::Supprimee {
            continue;
        }
        let mut moved = (**r).clone();
        moved.id = RattachementId::generate();
        moved.structure = copy.id.clone();
        moved.services.clear();
        out = out.put(Record::Rattachement(Rc::new(moved)));
        if user.structure_courante.as_ref() == Some(id) {
            let mut u = (**user).clone();
            u.structure_courante = Some(copy.id.clone());
            out = out.put(Record::Account(Rc::new(u)));
        }
        if r.is_validated() {
            out = out.put(notice(
                user,
                format!("Changement d'identifiant : {}", copy.display_name()),
                format!(
                    "La structure « {} » a changé d'identifiant : {} remplace {}. L'ancienne fiche est désactivée ; la nouvelle reprend ses données, ses services et ses utilisateurs (mais pas le mandat de facturation, le compte technique ni les raccordements).",
                    copy.display_name(),
                    copy.identifier,
                    old.identifier
                ),
                now,
            ));
        }
    }
    let new_id = copy.id.clone();
    Ok(out.with_value(new_id))
}

/// « Désactiver une structure »: it can only be consulted afterwards.
pub fn deactivate_structure(
    sb: &Sandbox,
    actor: &AccountId,
    id: &StructureId,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::DesactiverStructure)?;
    let mut updated = (**s).clone();
    updated.status = StructureStatus::Desactivee;
    Ok(put_structure(s, updated))
}

/// Active structures whose identifier matches (for « Se rattacher à une structure existante »).
pub fn find_by_identifier<'a>(
    sb: &'a Sandbox,
    kind: IdentifierType,
    raw: &str,
) -> Result<&'a Rc<Structure>, String> {
    let id = identifiants::validate(kind, raw)?;
    sb.structures
        .values()
        .find(|s| s.identifier_type == kind && s.identifier == id && s.is_active())
        .ok_or_else(|| {
            "Aucune structure active n'a cet identifiant. Vérifiez-le, ou créez la structure si votre entreprise n'en a pas encore.".to_string()
        })
}
