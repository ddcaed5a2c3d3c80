//! The fiche structure (facts §2.2–2.3): creation at first login, the general information, the
//! update from the INSEE base, the recipient parameters of a public structure, its applications,
//! the SIRET change and the deactivation. Each command checks the permission matrix first. The
//! services are in `services`, the coordonnées bancaires in `coordonnees_bancaires`.

use crate::compte::{self, check_email, check_phone};
use crate::kernel::error::{Champ, DomainError, Validator};
use crate::kernel::ids::{CompteId, RattachementId, ServiceId, StructureId};
use crate::kernel::text;
use crate::kernel::time::Timestamp;
use crate::organisation::adresse::{self, ChampsAdresse, SaisieAdresse};
use crate::organisation::droits::{Action, Application, Role, StatutRattachement};
use crate::organisation::identifiants::{self, TypeIdentifiant};
use crate::organisation::insee::{self, EtatAdministratif};
use crate::organisation::rattachement::{self, authorize, notice, Rattachement};
use crate::organisation::services;
use crate::organisation::structure::{
    Adresse, ParametresDestinataire, StatutStructure, Structure, TypeStructure,
};
use crate::sandbox::{Outcome, Record, Sandbox};
use std::collections::BTreeMap;
use std::rc::Rc;

pub const MAX_RAISON_SOCIALE: usize = 100;
pub const MAX_RCS: usize = 60;
pub const MAX_LIBELLE: usize = 100;

/// The fields of the fiche's forms (creation, general information, parameters, applications,
/// identifier change), as the checks and the forms name them.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const TYPE_IDENTIFIANT: Champ = Champ::new("identifier_type", "Type d'identifiant");
    pub const IDENTIFIANT: Champ = Champ::new("identifier", "Identifiant");
    pub const EN_COURS_IMMATRICULATION: Champ = Champ::new(
        "en_cours_immatriculation",
        "Structure en cours d'immatriculation (SIRET pas encore connu de l'INSEE)",
    );
    pub const RAISON_SOCIALE: Champ = Champ::new("raison_sociale", "Raison sociale");
    pub const LIBELLE: Champ = Champ::new("libelle", "Libellé");
    pub const NUMERO_TVA: Champ = Champ::new("numero_tva", "Numéro de TVA intracommunautaire");
    pub const RCS: Champ = Champ::new("rcs", "Numéro RCS");
    pub const ADRESSE: Champ = Champ::new("adresse", "Adresse");
    pub const COMPLEMENT1: Champ = Champ::new("complement1", "Complément d'adresse 1");
    pub const COMPLEMENT2: Champ = Champ::new("complement2", "Complément d'adresse 2");
    pub const CODE_POSTAL: Champ = Champ::new("code_postal", "Code postal");
    pub const VILLE: Champ = Champ::new("ville", "Ville");
    pub const PAYS: Champ = Champ::new("pays", "Pays");
    pub const TELEPHONE: Champ = Champ::new("telephone_structure", "Téléphone");
    pub const EMAIL: Champ = Champ::new("email_structure", "Adresse électronique");
    /// « Modifier l'identifiant » (the form adds the identifier type to the label).
    pub const NOUVEL_IDENTIFIANT: Champ = Champ::new("nouvel_identifiant", "Nouvel identifiant");
    pub const NOUVEL_EN_COURS: Champ = Champ::new(
        "nouvel_en_cours",
        "Nouvel établissement en cours d'immatriculation",
    );
    pub const APPLICATIONS: Champ = Champ::new("applications", "Applications");
    pub const CODE_SERVICE_OBLIGATOIRE: Champ =
        Champ::new("code_service_obligatoire", "Code service obligatoire");
    pub const EJ_OBLIGATOIRE: Champ =
        Champ::new("ej_obligatoire", "Engagement juridique obligatoire");
    pub const EJ_OU_CODE_SERVICE: Champ = Champ::new(
        "ej_ou_code_service",
        "Engagement juridique ou code service obligatoire",
    );
    pub const MISE_EN_PAIEMENT_NON_REMONTEE: Champ = Champ::new(
        "mise_en_paiement_non_remontee",
        "Statut « mise en paiement » non remonté",
    );
    pub const EST_MOA: Champ = Champ::new("est_moa", "Maître d'ouvrage (MOA)");
    pub const EST_MOA_UNIQUEMENT: Champ =
        Champ::new("est_moa_uniquement", "Maître d'ouvrage uniquement");
}

/// The siège's address fields of the fiche.
const CHAMPS_ADRESSE: ChampsAdresse = ChampsAdresse {
    adresse: champs::ADRESSE,
    complements: Some((champs::COMPLEMENT1, champs::COMPLEMENT2)),
    code_postal: champs::CODE_POSTAL,
    ville: champs::VILLE,
    pays: Some(champs::PAYS),
};

/// The fiche structure's general information, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct FormulaireStructure {
    pub identifier_type: TypeIdentifiant,
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

impl Default for FormulaireStructure {
    fn default() -> Self {
        FormulaireStructure {
            identifier_type: TypeIdentifiant::Siret,
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

impl FormulaireStructure {
    /// The form filled from an existing structure (to edit it).
    pub fn of(s: &Structure) -> FormulaireStructure {
        FormulaireStructure {
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
    pub fn remplir_depuis_insee(&mut self, e: &insee::Etablissement) {
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

    fn adresse(&self) -> SaisieAdresse<'_> {
        SaisieAdresse {
            adresse: &self.adresse,
            complement1: &self.complement1,
            complement2: &self.complement2,
            code_postal: &self.code_postal,
            ville: &self.ville,
            pays: &self.pays,
        }
    }
}

/// « Rechercher dans la base INSEE » for the SIRET typed in the form: `Ok(None)` when the SIRET is
/// valid but unknown; a malformed SIRET is an error on the identifier field.
pub fn rechercher_dans_insee(raw: &str) -> Result<Option<insee::Etablissement>, DomainError> {
    let siret = identifiants::validate_siret(raw)
        .map_err(|m| DomainError::field(champs::IDENTIFIANT, m))?;
    Ok(insee::lookup(&siret))
}

/// What the INSEE lookup tells the user under the identifier: the establishment found (or that it
/// is closed, so no structure can be created with it), or how to go on with an unknown SIRET.
pub fn note_insee(found: Option<&insee::Etablissement>) -> String {
    match found {
        Some(e) if e.etat == EtatAdministratif::Ferme => format!(
            "Base INSEE : « {} » est un établissement fermé. Une structure ne peut pas être créée avec ce SIRET.",
            e.raison_sociale
        ),
        Some(e) => format!(
            "Base INSEE : « {} » ({}, {}), {}. Raison sociale, adresse, TVA et RCS ont été pré-remplis.",
            e.raison_sociale,
            e.forme_juridique,
            e.activite,
            if e.siege { "siège social" } else { "établissement secondaire" }
        ),
        None => "Ce SIRET est valide mais inconnu de la base INSEE (simulée). Si l'entreprise vient d'être créée, cochez « Structure en cours d'immatriculation » et saisissez ses informations.".to_string(),
    }
}

/// Checks the descriptive fields (everything but the identifier) into `s`.
fn apply_form(v: &mut Validator, f: &FormulaireStructure, s: &mut Structure) {
    match text::required(&f.raison_sociale, "Raison sociale", MAX_RAISON_SOCIALE) {
        Ok(x) => s.raison_sociale = x,
        Err(m) => v.push(champs::RAISON_SOCIALE, m),
    }
    match text::optional(&f.libelle, "Libellé", MAX_LIBELLE) {
        Ok(x) => s.libelle = x,
        Err(m) => v.push(champs::LIBELLE, m),
    }
    s.adresse = adresse::verifier(v, &f.adresse(), &CHAMPS_ADRESSE);
    match check_phone(&f.telephone) {
        Ok(x) => s.telephone = x,
        Err(m) => v.push(champs::TELEPHONE, m),
    }
    s.email = if f.email.trim().is_empty() {
        None
    } else {
        match check_email(&f.email, champs::EMAIL.libelle) {
            Ok(x) => Some(x),
            Err(m) => {
                v.push(champs::EMAIL, m);
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
                if s.identifier_type == TypeIdentifiant::Siret
                    && tva.starts_with("FR")
                    && tva.get(4..) != Some(identifiants::siren_of(&s.identifier))
                {
                    v.push(champs::NUMERO_TVA, format!("Ce numéro de TVA ne correspond pas au SIREN de la structure ({}) : le numéro attendu est {}.", identifiants::siren_of(&s.identifier), identifiants::french_vat_number(identifiants::siren_of(&s.identifier))));
                }
                Some(tva)
            }
            Err(m) => {
                v.push(champs::NUMERO_TVA, m);
                None
            }
        }
    };
    match text::optional(&f.rcs, "Numéro RCS", MAX_RCS) {
        Ok(x) => s.rcs = x,
        Err(m) => v.push(champs::RCS, m),
    }
}

/// Checks a new identifier: valid for its type, free, and for a SIRET known and open at INSEE
/// unless the structure is declared « en cours d'immatriculation ». Returns the normalised
/// identifier and what the INSEE base knows of it; the error is the message for the identifier's
/// field (each form has its own).
fn check_identifier(
    sb: &Sandbox,
    kind: TypeIdentifiant,
    raw: &str,
    en_cours: bool,
) -> Result<(String, Option<insee::Etablissement>), String> {
    let id = identifiants::validate(kind, raw)?;
    if let Some(existing) = sb
        .structures
        .values()
        .find(|s| s.identifier_type == kind && s.identifier == id && s.is_active())
    {
        return Err(format!(
            "Une structure active existe déjà avec cet identifiant : « {} ». Demandez plutôt votre rattachement à cette structure.",
            existing.display_name()
        ));
    }
    if kind != TypeIdentifiant::Siret {
        return Ok((id, None));
    }
    match insee::lookup(&id) {
        Some(e) if e.etat == EtatAdministratif::Ferme => Err("Ce SIRET correspond à un établissement fermé dans la base INSEE : une structure ne peut pas être créée avec.".to_string()),
        Some(e) => Ok((id, Some(e))),
        None if en_cours => Ok((id, None)),
        None => Err("Ce SIRET est inconnu de la base INSEE (simulée). Vérifiez-le, ou cochez « Structure en cours d'immatriculation » si l'entreprise vient d'être créée.".to_string()),
    }
}

/// « Créer une nouvelle structure » (private: public structures come from the annuaire). The
/// creator becomes its gestionnaire principal and works for it from now on.
pub fn creer_structure(
    sb: &Sandbox,
    actor: &CompteId,
    form: &FormulaireStructure,
    now: Timestamp,
) -> Result<Outcome<StructureId>, DomainError> {
    let creator = compte::acting(sb, actor)?;
    let mut v = Validator::new();
    let checked = match check_identifier(
        sb,
        form.identifier_type,
        &form.identifier,
        form.en_cours_immatriculation,
    ) {
        Ok(x) => Some(x),
        Err(m) => {
            v.push(champs::IDENTIFIANT, m);
            None
        }
    };
    let (identifier, known) = checked.clone().unwrap_or_default();
    let mut s = Structure {
        id: StructureId::generate(),
        identifier_type: form.identifier_type,
        identifier,
        kind: TypeStructure::Privee,
        categorie: None,
        raison_sociale: String::new(),
        libelle: None,
        adresse: Adresse::default(),
        telephone: None,
        email: None,
        numero_tva: None,
        rcs: None,
        parametres: ParametresDestinataire::default(),
        applications: Application::defaults(false),
        bank_accounts: Vec::new(),
        status: StatutStructure::Active,
        en_cours_immatriculation: form.identifier_type == TypeIdentifiant::Siret
            && checked.is_some()
            && known.is_none(),
        origine: None,
        simulation: None,
        valideur_simule: None,
        created_at: now,
    };
    if checked.is_none() {
        // The identifier is wrong: still check the rest, against a SIRET-free structure.
        s.identifier_type = TypeIdentifiant::Autre;
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
        status: StatutRattachement::Validee,
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
        .put(Record::Compte(Rc::new(creator_now)))
        .put(mail)
        .with_value(id))
}

/// Writes `updated` unless it equals `current` (writes proportional to what changed).
pub(crate) fn put_structure(current: &Structure, updated: Structure) -> Outcome {
    if updated == *current {
        return Outcome::new();
    }
    Outcome::new().put(Record::Structure(Rc::new(updated)))
}

/// « Modifier » the fiche's general information (the identifier changes through
/// `modifier_identifiant`).
pub fn modifier_structure(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
    form: &FormulaireStructure,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::ModifierStructure)?;
    let mut updated = (**s).clone();
    let mut v = Validator::new();
    apply_form(&mut v, form, &mut updated);
    v.finish()?;
    Ok(put_structure(s, updated))
}

/// Whether the structure is known to INSEE by its identifier (a SIRET), so that « Mettre à jour
/// depuis la base INSEE » applies to it.
pub fn se_met_a_jour_depuis_insee(s: &Structure) -> bool {
    s.identifier_type == TypeIdentifiant::Siret
}

/// The structure that replaced `id` after a SIRET change, if any.
pub fn successeur<'a>(sb: &'a Sandbox, id: &StructureId) -> Option<&'a Rc<Structure>> {
    sb.structures
        .values()
        .find(|x| x.origine.as_ref() == Some(id))
}

/// « Mettre à jour depuis la base INSEE »: raison sociale and address of the siège as INSEE
/// knows them; a structure « en cours d'immatriculation » found there is registered at last.
pub fn mettre_a_jour_depuis_insee(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::ModifierStructure)?;
    if !se_met_a_jour_depuis_insee(s) {
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

/// One recipient parameter (facts §2.3) as the fiche shows it: its checkbox, and how to read and
/// write its flag.
#[derive(Clone, Copy)]
pub struct Parametre {
    pub champ: Champ,
    pub get: fn(&ParametresDestinataire) -> bool,
    pub set: fn(&mut ParametresDestinataire, bool),
}

/// The recipient parameters, in the order of the fiche.
pub const PARAMETRES: [Parametre; 6] = [
    Parametre {
        champ: champs::CODE_SERVICE_OBLIGATOIRE,
        get: |p| p.code_service_obligatoire,
        set: |p, v| p.code_service_obligatoire = v,
    },
    Parametre {
        champ: champs::EJ_OBLIGATOIRE,
        get: |p| p.ej_obligatoire,
        set: |p, v| p.ej_obligatoire = v,
    },
    Parametre {
        champ: champs::EJ_OU_CODE_SERVICE,
        get: |p| p.ej_ou_code_service,
        set: |p, v| p.ej_ou_code_service = v,
    },
    Parametre {
        champ: champs::MISE_EN_PAIEMENT_NON_REMONTEE,
        get: |p| p.mise_en_paiement_non_remontee,
        set: |p, v| p.mise_en_paiement_non_remontee = v,
    },
    Parametre {
        champ: champs::EST_MOA,
        get: |p| p.est_moa,
        set: |p, v| p.est_moa = v,
    },
    Parametre {
        champ: champs::EST_MOA_UNIQUEMENT,
        get: |p| p.est_moa_uniquement,
        set: |p, v| p.est_moa_uniquement = v,
    },
];

/// The recipient parameters of a public structure (§2.3).
pub fn modifier_parametres(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
    p: ParametresDestinataire,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::ModifierStructure)?;
    if !s.is_public() {
        return Err(DomainError::Rule(
            "Les paramètres de réception ne concernent que les structures publiques, destinataires des factures.".to_string(),
        ));
    }
    if p.est_moa_uniquement && !p.est_moa {
        return Err(DomainError::field(
            champs::EST_MOA_UNIQUEMENT,
            "« Maître d'ouvrage uniquement » suppose de cocher aussi « Maître d'ouvrage (MOA) ».",
        ));
    }
    let mut updated = (**s).clone();
    updated.parametres = p;
    Ok(put_structure(s, updated))
}

/// The structure's applications. Structures and Utilisateurs cannot be removed (nobody could
/// manage the structure any more); Factures reçues is for public structures only.
pub fn modifier_applications(
    sb: &Sandbox,
    actor: &CompteId,
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
                champs::APPLICATIONS,
                format!(
                    "L'application « {} » ne peut pas être retirée : elle sert à gérer la structure.",
                    required.label()
                ),
            ));
        }
    }
    if list.contains(&Application::FacturesRecues) && !s.is_public() {
        return Err(DomainError::field(
            champs::APPLICATIONS,
            "« Factures reçues » est réservée aux structures publiques, destinataires des factures.",
        ));
    }
    list.dedup();
    let mut updated = (**s).clone();
    updated.applications = list;
    Ok(put_structure(s, updated))
}

/// « Modifier l'identifiant » (SIRET change, facts §2.2): the structure is deactivated and a copy
/// is created under the new identifier, with its data, services and users. Returns the new id.
pub fn modifier_identifiant(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
    new_identifier: &str,
    en_cours_immatriculation: bool,
    now: Timestamp,
) -> Result<Outcome<StructureId>, DomainError> {
    let old = authorize(sb, actor, id, Action::ChangerIdentifiant)?;
    let kind = old.identifier_type;
    if identifiants::normalize(kind, new_identifier) == old.identifier {
        return Err(DomainError::field(
            champs::NOUVEL_IDENTIFIANT,
            "Le nouvel identifiant est identique à l'identifiant actuel.",
        ));
    }
    let (identifier, known) = check_identifier(sb, kind, new_identifier, en_cours_immatriculation)
        .map_err(|m| DomainError::field(champs::NOUVEL_IDENTIFIANT, m))?;

    let mut deactivated = (**old).clone();
    deactivated.status = StatutStructure::Desactivee;
    let mut copy = (**old).clone();
    copy.id = StructureId::generate();
    copy.identifier = identifier;
    copy.origine = Some(old.id.clone());
    copy.created_at = now;
    copy.status = StatutStructure::Active;
    copy.en_cours_immatriculation = kind == TypeIdentifiant::Siret && known.is_none();
    if let Some(e) = &known {
        copy.raison_sociale = e.raison_sociale.clone();
        copy.adresse = e.adresse.clone();
        copy.numero_tva = Some(e.numero_tva());
    }
    let mut out = Outcome::new()
        .put(Record::Structure(Rc::new(deactivated)))
        .put(Record::Structure(Rc::new(copy.clone())));
    for sv in services::liste(sb, id) {
        let mut s = (**sv).clone();
        s.id = ServiceId::generate();
        s.structure = copy.id.clone();
        out = out.put(Record::Service(Rc::new(s)));
    }
    for (r, user) in rattachement::membres(sb, id) {
        if r.status == StatutRattachement::Supprimee {
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
            out = out.put(Record::Compte(Rc::new(u)));
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
pub fn desactiver_structure(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::DesactiverStructure)?;
    let mut updated = (**s).clone();
    updated.status = StatutStructure::Desactivee;
    Ok(put_structure(s, updated))
}

/// What to complete on a fiche just created, in the order of the portal's prerequisites (AIFE
/// guide « Créer une fiche structure »: the GP is designated at creation; then bank details —
/// optional except for justice service providers and farmers —, services — optional —, and the
/// applications). Only what is still empty is listed.
pub fn a_completer(sb: &Sandbox, s: &Structure) -> Vec<&'static str> {
    let mut out = Vec::new();
    if s.bank_accounts.is_empty() {
        out.push("les coordonnées bancaires proposées sur vos factures (facultatives, sauf pour les prestataires de la justice et les exploitants agricoles)");
    }
    if !sb.services.values().any(|sv| sv.structure == s.id) {
        out.push("les services de la structure, si vous en avez besoin (facultatifs)");
    }
    out.push("les applications ouvertes aux utilisateurs de la structure (réglées par défaut, à vérifier)");
    out
}
