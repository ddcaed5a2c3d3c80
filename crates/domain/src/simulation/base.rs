//! The base every new sandbox starts from: the seeded annuaire and the demo accounts. Built in code
//! once per thread and shared (behind `Rc`) by every `Sandbox`, never stored nor exported; a reset
//! gives it back.

use crate::sandbox::{Base, Record, Sandbox};
use crate::simulation::{annuaire, demo};
use std::rc::Rc;

thread_local! {
    static BASE: Rc<Base> = Rc::new(build());
}

fn build() -> Base {
    let annuaire = annuaire::seed().into_iter().flat_map(|entry| {
        let structure = Record::Structure(Rc::new(entry.structure));
        std::iter::once(structure).chain(
            entry
                .services
                .into_iter()
                .map(|sv| Record::Service(Rc::new(sv))),
        )
    });
    Base::new(annuaire.chain(demo::records()))
}

/// A sandbox as a new trainee finds it: the shipped base, nothing stored.
pub fn sandbox() -> Sandbox {
    Sandbox::new(BASE.with(Rc::clone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_holds_the_annuaire_and_the_demo_accounts_only() {
        let sb = sandbox();
        assert_eq!(
            sb.structures.len(),
            annuaire::seed().len() + 3,
            "annuaire + demo supplier, its sub-contractor and the demo maître d'œuvre"
        );
        assert_eq!(sb.comptes.len(), demo::ACCOUNTS.len());
        assert!(sb.courriels.is_empty() && sb.factures.is_empty());
        assert!(sb.records().is_empty(), "the base is never stored");
        assert!(sb.comptes.keys().all(|id| sb.is_base_account(id)));
    }
}
