//! Facturation (facts §3–§5): the invoice record and its vocabulary, where an invoice goes
//! (routage), « Saisir / Déposer une facture », attachments, the certificat de dépôt, the
//! lifecycle on both sides, the billing notifications, the invoice lists' search and the
//! dashboard; the A9/A12 validation circuit (`validation`).

pub mod certificat;
pub mod cycle;
pub mod facture;
pub mod flux;
pub mod notifications;
pub mod pieces_jointes;
pub mod recherche;
pub mod routage;
pub mod saisie;
pub mod tableau_de_bord;
pub mod travaux;
pub mod validation;
