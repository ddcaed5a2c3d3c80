//! Organisation fixtures: the demo accounts and structures by role, an account added directly, a
//! structure created by its GP, a pending rattachement request.

use super::{run, t0};
use domain::compte::messagerie;
use domain::compte::{Compte, StatutCompte};
use domain::kernel::ids::{CompteId, RattachementId, StructureId};
use domain::organisation::fiche_structure::{self, FormulaireStructure};
use domain::organisation::insee;
use domain::organisation::rattachement;
use domain::simulation::demo;
use domain::{Record, Sandbox};
use std::rc::Rc;

/// Claire Durand, gestionnaire principal of the demo supplier.
pub fn gp_fournisseur() -> CompteId {
    CompteId::from(demo::ACCOUNTS[0].id)
}
/// Hugo Petit, plain utilisateur of the demo supplier.
pub fn utilisateur_fournisseur() -> CompteId {
    CompteId::from(demo::ACCOUNTS[1].id)
}
/// Marc Lefèvre, gestionnaire principal of the demo public entity.
pub fn gp_public() -> CompteId {
    CompteId::from(demo::ACCOUNTS[2].id)
}
/// Nadia Benali, agent of the demo public entity.
pub fn agent_public() -> CompteId {
    CompteId::from(demo::ACCOUNTS[3].id)
}
/// The demo supplier (Menuiserie Durand et Fils).
pub fn fournisseur() -> StructureId {
    StructureId::from(demo::FOURNISSEUR)
}
/// The demo public entity (Ville de Rivebelle).
pub fn entite_publique() -> StructureId {
    demo::public_structure_id()
}

/// Adds an active account directly (password hashing is tested elsewhere).
pub fn add_account(sb: &mut Sandbox, id: &str, email: &str, nom: &str) -> CompteId {
    let a = Compte {
        id: CompteId::from(id),
        login_email: email.into(),
        contact_email: email.into(),
        nom: nom.into(),
        prenom: "Test".into(),
        telephone: None,
        // The app's parameters and shape (a 32-byte output), so the record meets the storage bounds.
        password_hash:
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                .into(),
        status: StatutCompte::Actif,
        created_at: t0(),
        activated_at: Some(t0()),
        last_login_at: None,
        link: None,
        structure_courante: None,
        notifications_factures: true,
    };
    sb.put(Record::Compte(Rc::new(a)));
    CompteId::from(id)
}

/// The n-th establishment of the INSEE base (0 is the demo supplier's, 1 the Papeterie du Centre).
pub fn etablissement(n: usize) -> insee::Etablissement {
    insee::base()[n].clone()
}

/// The creation form of a SIRET, filled from the INSEE base when it knows it.
pub fn form_for(siret: &str) -> FormulaireStructure {
    let mut f = FormulaireStructure {
        identifier: siret.into(),
        ..FormulaireStructure::default()
    };
    if let Ok(Some(e)) = fiche_structure::rechercher_dans_insee(siret) {
        f.remplir_depuis_insee(&e);
    }
    f
}

pub const GP_EMAIL: &str = "gp@papeterie.example";
pub const USER_EMAIL: &str = "user@papeterie.example";

/// A sandbox where « gp » created the Papeterie du Centre.
pub fn with_structure() -> (Sandbox, CompteId, StructureId) {
    let mut sb = domain::simulation::base::sandbox();
    let gp = add_account(&mut sb, "gp", GP_EMAIL, "Gérant");
    let siret = etablissement(1).siret;
    let id = run(&mut sb, |sb| {
        fiche_structure::creer_structure(sb, &gp, &form_for(&siret), t0())
    });
    (sb, gp, id)
}

/// gp's structure with a pending request from « user ».
pub fn with_request() -> (Sandbox, CompteId, StructureId, CompteId, RattachementId) {
    let (mut sb, gp, id) = with_structure();
    let user = add_account(&mut sb, "user", USER_EMAIL, "Employé");
    let r = run(&mut sb, |sb| {
        rattachement::demander_rattachement(sb, &user, &id, &[], "Je suis comptable", t0())
    });
    (sb, gp, id, user, r.rattachement)
}

/// Whether `email` received a mail whose subject starts with `prefix` (mails of one instant come
/// in any order).
pub fn got_mail(sb: &Sandbox, email: &str, prefix: &str) -> bool {
    subjects(sb, email).iter().any(|s| s.starts_with(prefix))
}

pub fn subjects(sb: &Sandbox, email: &str) -> Vec<String> {
    messagerie::boite_de_reception(sb, email)
        .into_iter()
        .map(|m| m.subject.clone())
        .collect()
}
