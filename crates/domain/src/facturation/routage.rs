//! Where an invoice goes: the public structure an identifier designates, the services it may be
//! addressed to, and what the recipient requires (code service, engagement juridique) by its
//! parameters (facts §2.3). Both the saisie and the supplier's « Recycler » check against these.

use crate::kernel::error::{Champ, Validator};
use crate::kernel::ids::StructureId;
use crate::organisation::structure::{Service, Structure, FACTURES_PUBLIQUES};
use crate::sandbox::Sandbox;
use chrono::NaiveDate;
use std::rc::Rc;

/// The EJ (bon de commande) field: 50 characters, as OCA's Chorus module enforces.
pub const MAX_EJ: usize = 50;

/// Whether a structure may receive invoices now: a public structure, active.
pub fn recoit_des_factures(s: &Structure) -> bool {
    s.is_public() && s.is_active()
}

/// The public structure an identifier designates, if it is active.
pub fn destinataire_par_identifiant<'a>(
    sb: &'a Sandbox,
    raw: &str,
) -> Result<&'a Rc<Structure>, String> {
    let wanted: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let found = sb
        .structures
        .values()
        .filter(|s| s.identifier == wanted && s.is_public())
        .max_by_key(|s| s.is_active());
    match found {
        Some(s) if recoit_des_factures(s) => Ok(s),
        Some(_) => Err(format!(
            "La structure publique « {wanted} » est désactivée : elle ne reçoit plus de factures."
        )),
        None => Err(format!(
            "Aucune structure publique de l'annuaire ne porte l'identifiant « {wanted} ». Vérifiez-le ou recherchez le destinataire dans l'annuaire."
        )),
    }
}

/// The services a supplier may address on `day` (active and within their dates), by code.
pub fn services_actifs<'a>(
    sb: &'a Sandbox,
    structure: &StructureId,
    day: NaiveDate,
) -> Vec<&'a Service> {
    crate::organisation::annuaire::services_actifs(
        sb.services.values().map(|s| s.as_ref()),
        structure,
        day,
    )
}

/// The fields a routing error lands on: the saisie's, or those of « Recycler ».
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChampsRoutage {
    pub code_service: Champ,
    pub ej: Champ,
}

/// What a recipient requires on an invoice, by its parameters (facts §2.3) and the chosen service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exigences {
    pub code_service: bool,
    pub ej: bool,
    /// At least one of the two.
    pub ej_ou_code_service: bool,
    /// The EJ is required by the chosen service rather than by the structure.
    pub ej_du_service: bool,
}

pub fn exigences(
    sb: &Sandbox,
    dest: &Structure,
    code_service: &str,
    today: NaiveDate,
) -> Exigences {
    use crate::organisation::structure::ProfilDestinataire as P;
    let profile = dest.parametres.profile();
    let ej_structure = matches!(profile, P::EjObligatoire | P::EjEtCodeService);
    let ej_service = !code_service.is_empty()
        && services_actifs(sb, &dest.id, today)
            .iter()
            .any(|s| s.code == code_service && s.ej_obligatoire);
    Exigences {
        code_service: matches!(profile, P::CodeServiceObligatoire | P::EjEtCodeService),
        ej: ej_structure || ej_service,
        ej_ou_code_service: profile == P::EjOuCodeService,
        ej_du_service: ej_service && !ej_structure,
    }
}

/// Code service and EJ according to the recipient's and the chosen service's parameters.
/// The errors land on `champs`.
#[allow(clippy::too_many_arguments)]
pub fn check_routage(
    sb: &Sandbox,
    v: &mut Validator,
    champs: ChampsRoutage,
    emetteur: &Structure,
    dest: &Structure,
    code_service: &str,
    ej: &str,
    today: NaiveDate,
) {
    if !code_service.is_empty() {
        let services = services_actifs(sb, &dest.id, today);
        match services.iter().find(|s| s.code == code_service) {
            Some(s) if s.code == FACTURES_PUBLIQUES && !emetteur.is_public() => v.push(
                champs.code_service,
                "Le service FACTURES_PUBLIQUES est réservé aux factures entre entités publiques : un fournisseur privé ne peut pas l'utiliser.",
            ),
            Some(_) => {}
            None => v.push(
                champs.code_service,
                format!("« {code_service} » n'est pas un service actif de ce destinataire : choisissez l'un de ses services."),
            ),
        }
    }
    let e = exigences(sb, dest, code_service, today);
    let (cs, has_ej) = (!code_service.is_empty(), !ej.is_empty());
    if e.code_service && !cs {
        v.push(
            champs.code_service,
            "Ce destinataire exige un code service : choisissez l'un de ses services actifs.",
        );
    }
    if e.ej_ou_code_service && !cs && !has_ej {
        let m = "Ce destinataire exige un code service ou un numéro d'engagement juridique : renseignez au moins l'un des deux.";
        v.push(champs.code_service, m);
        v.push(champs.ej, m);
    }
    if e.ej && !has_ej {
        if e.ej_du_service {
            v.push(champs.ej, format!("Le service « {code_service} » exige un numéro d'engagement juridique (EJ) : saisissez celui de son bon de commande."));
        } else {
            v.push(champs.ej, "Ce destinataire exige un numéro d'engagement juridique (EJ) : saisissez celui de son bon de commande.");
        }
    }
}
