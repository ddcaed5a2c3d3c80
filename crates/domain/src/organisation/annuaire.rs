//! The public annuaire's search, as the portal offers it (`rechercherStructure`, facts §2.6): a
//! supplier picks its recipient as AIFE describes: search the structure, read its parameters, list
//! its active services. The directory itself is seeded by `simulation::annuaire`.

use crate::kernel::ids::StructureId;
use crate::kernel::page::Page;
use crate::kernel::text::{compact, fold, search_key};
use crate::organisation::structure::{CategoriePublique, Service, StatutStructure, Structure};
use chrono::NaiveDate;

/// The sortable columns of the annuaire's result list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Colonne {
    #[default]
    RaisonSociale,
    Identifiant,
    CodePostal,
    Ville,
}

impl Colonne {
    pub const ALL: [Colonne; 4] = [
        Colonne::RaisonSociale,
        Colonne::Identifiant,
        Colonne::CodePostal,
        Colonne::Ville,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Colonne::RaisonSociale => "Raison sociale",
            Colonne::Identifiant => "Identifiant",
            Colonne::CodePostal => "Code postal",
            Colonne::Ville => "Ville",
        }
    }
}

/// The annuaire's search form. Empty texts and `None` filters match everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criteres {
    /// Identifiant (also a part of the SIRET, spaces ignored), raison sociale or libellé;
    /// case and accents ignored.
    pub texte: String,
    /// Beginning of the postcode, or (part of) the city name, accents ignored.
    pub code_postal_ou_ville: String,
    pub categorie: Option<CategoriePublique>,
    pub statut: Option<StatutStructure>,
    pub tri: Colonne,
    pub descendant: bool,
    /// 1-based; clamped into the available pages.
    pub page: usize,
    /// At least 1.
    pub par_page: usize,
}

/// Results per page unless the form says otherwise.
pub const PAR_PAGE: usize = 20;

impl Default for Criteres {
    fn default() -> Self {
        Criteres {
            texte: String::new(),
            code_postal_ou_ville: String::new(),
            categorie: None,
            statut: None,
            tri: Colonne::RaisonSociale,
            descendant: false,
            page: 1,
            par_page: PAR_PAGE,
        }
    }
}

/// The annuaire search (`rechercherStructure`): filter, sort, then cut the requested page.
pub fn rechercher<'a>(
    structures: impl IntoIterator<Item = &'a Structure>,
    c: &Criteres,
) -> Page<&'a Structure> {
    let text = search_key(&c.texte);
    let text_compact = compact(&text);
    let place = search_key(&c.code_postal_ou_ville);
    let place_compact = compact(&place);

    let mut hits: Vec<&Structure> = structures
        .into_iter()
        .filter(|s| {
            c.categorie.is_none_or(|k| s.categorie == Some(k))
                && c.statut.is_none_or(|wanted| s.status == wanted)
                && (text.is_empty()
                    || compact(&fold(&s.identifier)).contains(&text_compact)
                    || search_key(&s.raison_sociale).contains(&text)
                    || s.libelle
                        .as_deref()
                        .is_some_and(|l| search_key(l).contains(&text)))
                && (place.is_empty()
                    || s.adresse.code_postal.starts_with(&place_compact)
                    || search_key(&s.adresse.ville).contains(&place))
        })
        .collect();

    // The id closes every key, so the order is total and « descendant » is its exact reverse.
    hits.sort_by_cached_key(|s| {
        let id = s.id.0.clone();
        match c.tri {
            // Sorted by the name the list displays (the libellé when there is one).
            Colonne::RaisonSociale => (fold(s.display_name()), s.identifier.clone(), id),
            Colonne::Identifiant => (s.identifier.clone(), String::new(), id),
            Colonne::CodePostal => (s.adresse.code_postal.clone(), fold(s.display_name()), id),
            Colonne::Ville => (fold(&s.adresse.ville), fold(s.display_name()), id),
        }
    });
    if c.descendant {
        hits.reverse();
    }
    Page::cut(hits, c.page, c.par_page)
}

/// The services a supplier may address on `day` (annuaire step « services actifs »): active,
/// within their validity dates, sorted by code.
pub fn services_actifs<'a>(
    services: impl IntoIterator<Item = &'a Service>,
    structure: &StructureId,
    day: NaiveDate,
) -> Vec<&'a Service> {
    let mut found: Vec<&Service> = services
        .into_iter()
        .filter(|s| &s.structure == structure && s.is_usable_on(day))
        .collect();
    found.sort_by(|a, b| a.code.cmp(&b.code));
    found
}
