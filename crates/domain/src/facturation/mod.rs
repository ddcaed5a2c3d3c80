//! Facturation (facts §3–§5): the invoice record, « Saisir / Déposer une facture », attachments, the
//! certificat de dépôt, the lifecycle on both sides, the invoice lists' search and the dashboard.

pub mod certificat;
pub mod cycle;
pub mod facture;
pub mod pieces_jointes;
pub mod recherche;
pub mod saisie;
pub mod tableau_de_bord;
