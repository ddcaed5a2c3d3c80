//! The catalogue: one module per scenario, each a static table plus its seed.

mod fiche_structure;

use crate::Scenario;
use domain::kernel::ids::CompteId;
use domain::organisation::structure::Structure;
use domain::{DomainError, Sandbox};
use std::rc::Rc;

pub static CATALOGUE: [Scenario; 1] = [fiche_structure::SCENARIO];

/// The trainee's account, which every command of a solution needs.
fn moi(compte: Option<&CompteId>) -> Result<&CompteId, DomainError> {
    compte.ok_or_else(|| DomainError::Rule("Ce scénario n'a pas de compte stagiaire.".into()))
}

/// The structure the trainee works for.
fn sa_structure<'a>(sb: &'a Sandbox, compte: Option<&CompteId>) -> Option<&'a Rc<Structure>> {
    let c = sb.comptes.get(compte?)?;
    sb.structures.get(c.structure_courante.as_ref()?)
}

/// The structure the trainee works for, for a command.
fn structure_de(sb: &Sandbox, compte: Option<&CompteId>) -> Result<Rc<Structure>, DomainError> {
    sa_structure(sb, compte)
        .cloned()
        .ok_or_else(|| DomainError::Rule("Le stagiaire ne travaille pour aucune structure.".into()))
}
