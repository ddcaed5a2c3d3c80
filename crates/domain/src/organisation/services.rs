//! Services of a structure (facts §2.4): the « codes service » suppliers put on invoices, their
//! dates of validity and the per-service « engagement juridique obligatoire ». Created, edited,
//! activated and deactivated by whoever may manage the structure's services; FACTURES_PUBLIQUES
//! belongs to the portal.

use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{CompteId, ServiceId, StructureId};
use crate::kernel::text;
use crate::kernel::time::{iso_day, parse_day, Timestamp};
use crate::organisation::adresse::{self, ChampsAdresse, SaisieAdresse};
use crate::organisation::droits::Action;
use crate::organisation::rattachement::authorize;
use crate::organisation::structure::{Service, FACTURES_PUBLIQUES};
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::NaiveDate;
use std::rc::Rc;

pub const MAX_SERVICE_CODE: usize = 100;
pub const MAX_LIBELLE: usize = 100;
pub const MAX_DESCRIPTION: usize = 255;

/// The fields of the service form, as the checks and the form name them.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const CODE: Champ = Champ::new("code", "Code service");
    pub const LIBELLE: Champ = Champ::new("libelle", "Libellé");
    pub const DESCRIPTION: Champ = Champ::new("description", "Description");
    pub const ADRESSE: Champ = Champ::new("service_adresse", "Adresse du service");
    pub const CODE_POSTAL: Champ = Champ::new("service_code_postal", "Code postal du service");
    pub const VILLE: Champ = Champ::new("service_ville", "Ville du service");
    pub const DEBUT_VALIDITE: Champ = Champ::new("debut_validite", "Début de validité");
    pub const FIN_VALIDITE: Champ = Champ::new("fin_validite", "Fin de validité");
    pub const EJ_OBLIGATOIRE: Champ = Champ::new(
        "ej_obligatoire",
        "Engagement juridique obligatoire pour ce service",
    );
}

/// A service's address: in France, without complements.
const CHAMPS_ADRESSE: ChampsAdresse = ChampsAdresse {
    adresse: champs::ADRESSE,
    complements: None,
    code_postal: champs::CODE_POSTAL,
    ville: champs::VILLE,
    pays: None,
};

/// A service as typed. Dates come from date inputs (`AAAA-MM-JJ`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormulaireService {
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

impl FormulaireService {
    pub fn of(s: &Service) -> FormulaireService {
        let a = s.adresse.clone().unwrap_or_default();
        FormulaireService {
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
    f: &FormulaireService,
    structure: &StructureId,
    editing: Option<&ServiceId>,
    today: NaiveDate,
) -> Result<Service, DomainError> {
    let mut v = Validator::new();
    let code = f.code.trim().to_uppercase();
    if code.is_empty() {
        v.push(champs::CODE, "Le champ « Code service » est obligatoire.");
    } else if code.chars().count() > MAX_SERVICE_CODE {
        v.push(
            champs::CODE,
            format!("Le code service ne doit pas dépasser {MAX_SERVICE_CODE} caractères."),
        );
    } else if let Some(c) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        v.push(
            champs::CODE,
            format!(
                "Le code service ne contient que des lettres sans accent, des chiffres, « _ » et « - » : {} n'est pas autorisé.",
                text::describe_char(c)
            ),
        );
    } else if code == FACTURES_PUBLIQUES {
        v.push(
            champs::CODE,
            "Le code FACTURES_PUBLIQUES est réservé au service des factures entre entités publiques.",
        );
    } else if sb
        .services
        .values()
        .any(|s| &s.structure == structure && s.code == code && Some(&s.id) != editing)
    {
        v.push(
            champs::CODE,
            format!("Le code service « {code} » existe déjà dans cette structure."),
        );
    }
    let libelle = text::required(&f.libelle, champs::LIBELLE.libelle, MAX_LIBELLE);
    v.check(
        champs::LIBELLE,
        libelle.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    let description = text::optional(&f.description, champs::DESCRIPTION.libelle, MAX_DESCRIPTION);
    v.check(
        champs::DESCRIPTION,
        description.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    // The address is optional, but complete when given.
    let parts = [&f.adresse, &f.code_postal, &f.ville];
    let adresse = if parts.iter().all(|p| p.trim().is_empty()) {
        None
    } else {
        let saisie = SaisieAdresse {
            adresse: &f.adresse,
            complement1: "",
            complement2: "",
            code_postal: &f.code_postal,
            ville: &f.ville,
            pays: "FR",
        };
        Some(adresse::verifier(&mut v, &saisie, &CHAMPS_ADRESSE))
    };
    let debut = parse_day(&f.debut_validite, champs::DEBUT_VALIDITE.libelle);
    let fin = parse_day(&f.fin_validite, champs::FIN_VALIDITE.libelle);
    let debut = match debut {
        Ok(d) => d.unwrap_or(today),
        Err(m) => {
            v.push(champs::DEBUT_VALIDITE, m);
            today
        }
    };
    let fin = match fin {
        Ok(d) => d,
        Err(m) => {
            v.push(champs::FIN_VALIDITE, m);
            None
        }
    };
    if fin.is_some_and(|fin| fin < debut) {
        v.push(
            champs::FIN_VALIDITE,
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
        script: None,
    })
}

fn today(now: Timestamp) -> NaiveDate {
    crate::kernel::time::paris_date(now)
}

pub fn creer_service(
    sb: &Sandbox,
    actor: &CompteId,
    structure: &StructureId,
    f: &FormulaireService,
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

pub fn modifier_service(
    sb: &Sandbox,
    actor: &CompteId,
    id: &ServiceId,
    f: &FormulaireService,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let current = service_of(sb, id)?;
    authorize(sb, actor, &current.structure, Action::GererServices)?;
    if current.gere_par_le_portail() {
        return Err(DomainError::Rule(
            "Le service FACTURES_PUBLIQUES est géré par le portail : il ne se modifie pas."
                .to_string(),
        ));
    }
    let mut service = check_service(sb, f, &current.structure, Some(id), today(now))?;
    service.actif = current.actif;
    service.script = current.script.clone();
    if service == **current {
        return Ok(Outcome::new());
    }
    Ok(Outcome::new().put(Record::Service(Rc::new(service))))
}

/// « Activer » (`actif`) or « Désactiver » a service: an inactive one is offered to no supplier.
pub fn changer_statut_service(
    sb: &Sandbox,
    actor: &CompteId,
    id: &ServiceId,
    actif: bool,
) -> Result<Outcome, DomainError> {
    let current = service_of(sb, id)?;
    authorize(sb, actor, &current.structure, Action::GererServices)?;
    if current.gere_par_le_portail() {
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
pub fn liste<'a>(sb: &'a Sandbox, structure: &StructureId) -> Vec<&'a Rc<Service>> {
    let mut out: Vec<_> = sb
        .services
        .values()
        .filter(|s| &s.structure == structure)
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id)));
    out
}

/// The services of a structure usable today (active, within their dates): those a rattachement
/// request may name.
pub fn utilisables<'a>(
    sb: &'a Sandbox,
    structure: &StructureId,
    now: Timestamp,
) -> Vec<&'a Rc<Service>> {
    let today = today(now);
    liste(sb, structure)
        .into_iter()
        .filter(|sv| sv.is_usable_on(today))
        .collect()
}
