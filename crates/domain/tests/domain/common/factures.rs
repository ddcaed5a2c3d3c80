//! Invoice fixtures: the demo supplier's user and structure, a recipient per profile, a complete
//! three-line invoice.

use super::{run, t0};
use domain::facturation::facture::{ModeDepot, PieceJointe};
use domain::facturation::saisie::{self, FormulaireFacture, FormulaireLigne};
use domain::kernel::error::{Champ, FieldId};
use domain::kernel::ids::{CompteId, FactureId, PieceJointeId, StructureId};
use domain::organisation::structure::{ProfilDestinataire, Structure, FACTURES_PUBLIQUES};
use domain::{DomainError, Sandbox, Timestamp};
use std::rc::Rc;

pub const CLAIRE: &str = "demo-claire-durand";
pub const HUGO: &str = "demo-hugo-petit";
pub const MARC: &str = "demo-marc-lefevre";
pub const NADIA: &str = "demo-nadia-benali";
pub const MENUISERIE: &str = "demo-menuiserie-durand";
/// The demo supplier's bank account.
pub const COMPTE_PRINCIPAL: &str = "demo-compte-principal";
/// SIRETs of annuaire structures the tests bill.
pub const RIVEBELLE: &str = "92675667700130";
pub const SAINT_ORMEAU: &str = "93199312500133";

pub fn claire() -> CompteId {
    CompteId::from(CLAIRE)
}
pub fn menuiserie() -> StructureId {
    StructureId::from(MENUISERIE)
}
/// The record id of the annuaire structure with this SIRET.
pub fn structure_annuaire(siret: &str) -> StructureId {
    StructureId::from(format!("annuaire-{siret}").as_str())
}

/// An active public structure of the annuaire with this profile (and its first usable service).
pub fn recipient(sb: &Sandbox, profile: ProfilDestinataire) -> (Rc<Structure>, Option<String>) {
    let s = sb
        .structures
        .values()
        .find(|s| s.is_public() && s.is_active() && s.parametres.profile() == profile)
        .expect("the annuaire has every profile")
        .clone();
    let day = domain::kernel::time::paris_date(t0());
    let service = domain::facturation::routage::services_actifs(sb, &s.id, day)
        .into_iter()
        .find(|sv| sv.code != FACTURES_PUBLIQUES && !sv.ej_obligatoire)
        .map(|sv| sv.code.clone());
    (s, service)
}

pub fn ligne(designation: &str, quantite: &str, prix: &str, taux: &str) -> FormulaireLigne {
    FormulaireLigne {
        designation: designation.into(),
        quantite: quantite.into(),
        prix: prix.into(),
        taux: taux.into(),
        unite: "u".into(),
        ..FormulaireLigne::default()
    }
}

/// A complete 3-line, two-rate invoice to a recipient requiring an EJ.
pub fn form_complet(sb: &Sandbox) -> FormulaireFacture {
    let (dest, _) = recipient(sb, ProfilDestinataire::EjObligatoire);
    FormulaireFacture {
        destinataire: dest.identifier.clone(),
        ej: "EJ-2026-0042".into(),
        coordonnees_bancaires: COMPTE_PRINCIPAL.into(),
        numero: "FA-2026-001".into(),
        date: "2026-11-20".into(),
        lignes: vec![
            ligne("Porte en chêne", "2", "450", "2000"),
            ligne("Pose", "3,5", "62,40", "2000"),
            ligne("Travaux de rénovation énergétique", "1", "199,99", "550"),
        ],
        ..FormulaireFacture::nouvelle(ModeDepot::SaisiePortail)
    }
}

pub fn envoyer(
    sb: &Sandbox,
    form: &FormulaireFacture,
    now: Timestamp,
) -> Result<FactureId, DomainError> {
    saisie::envoyer(sb, &claire(), &menuiserie(), None, form, now).map(|o| o.value.facture)
}

pub fn send_ok(sb: &mut Sandbox, form: &FormulaireFacture, now: Timestamp) -> FactureId {
    run(sb, |sb| {
        saisie::envoyer(sb, &claire(), &menuiserie(), None, form, now)
    })
    .facture
}

/// The field of the `numero`-th invoice line (from 1).
pub fn champ_ligne(numero: usize, champ: Champ) -> FieldId {
    FieldId::Ligne { numero, champ }
}

/// A small valid PDF (one empty page).
pub const PDF_VALIDE: &[u8] = b"%PDF-1.4\n\
1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n\
xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n\
trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n188\n%%EOF\n";

/// The same PDF protected by a password (an `/Encrypt` entry in its trailer).
pub fn pdf_protege() -> Vec<u8> {
    String::from_utf8_lossy(PDF_VALIDE)
        .replace(
            "trailer\n<< /Size 4 /Root 1 0 R >>",
            "trailer\n<< /Size 6 /Root 1 0 R /Encrypt 5 0 R >>",
        )
        .into_bytes()
}

/// `form` with `octets` chosen as its deposited PDF `nom` (as the page adds it).
pub fn avec_pdf(form: &FormulaireFacture, nom: &str, octets: Vec<u8>) -> FormulaireFacture {
    let mut form = form.clone();
    let id = PieceJointeId::generate();
    form.pieces.retain(|p| !p.principale);
    form.pieces.push(PieceJointe {
        id: id.clone(),
        nom: nom.into(),
        taille: octets.len() as u64,
        principale: true,
    });
    form.octets.insert(id, Rc::new(octets));
    form
}
