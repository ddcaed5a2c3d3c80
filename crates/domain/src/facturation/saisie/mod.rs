//! « Saisir une facture » and « Déposer une facture »: the form as typed (`formulaire`), what the
//! portal checks before sending (`controles`, facts §3.8), and the commands on drafts and sent
//! invoices (`commandes`). Where the invoice goes (recipient, services, what it requires) is
//! `routage`, shared with the supplier's « Recycler ».

pub mod commandes;
pub mod controles;
pub mod formulaire;

pub use commandes::*;
pub use controles::*;
pub use formulaire::*;
