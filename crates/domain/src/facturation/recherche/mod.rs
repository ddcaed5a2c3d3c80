//! « Rechercher » in the invoice lists, for both sides of the portal (facts §5, the criteria of
//! `rechercherDemandePaiement` / `rechercherFactureParRecipiendaire`): number, statuses, cadre,
//! type, partner (recipient or supplier), code service, TTC amounts, EJ, marché, the three date
//! periods and the `rejetTraite` filter; sort by any column, pagination, CSV export, and the
//! criteria as a URL query so a list can be linked to already filtered.
//!
//! A search runs on every keystroke over thousands of invoices: each partner structure is read and
//! folded once per search, totals are computed once per invoice and only when a criterion or the
//! sort needs them, text comparisons of ASCII values allocate nothing, and the sort compares keys
//! computed beforehand.

//!
//! The CSV export is `export`; the criteria as a URL query, `requete`.

mod export;
mod requete;

pub use export::csv;

use crate::facturation::facture::{Cadre, Facture, Statut, TypeFacture};
use crate::kernel::ids::StructureId;
use crate::kernel::money::Montant;
use crate::kernel::page::Page;
use crate::kernel::text::{compact, fold, search_key};
use crate::kernel::time::paris_date;
use crate::sandbox::Sandbox;
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// Which list: the invoices the structure sent, or those it received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cote {
    Emises,
    Recues,
    /// « Factures à valider »: the A9/A12 invoices naming the structure as a valideur.
    AValider,
}

impl Cote {
    /// The other party's column: « Destinataire » for sent invoices, « Fournisseur » for received.
    pub fn partenaire_label(self) -> &'static str {
        match self {
            Cote::Emises => "Destinataire",
            Cote::Recues | Cote::AValider => "Fournisseur",
        }
    }

    /// The other party of an invoice.
    pub fn partenaire(self, f: &Facture) -> Option<&StructureId> {
        match self {
            Cote::Emises => f.destinataire.as_ref(),
            Cote::Recues | Cote::AValider => Some(&f.emetteur),
        }
    }

    /// Whether the invoice belongs to this side's list of `structure`.
    fn concerne(self, f: &Facture, structure: &StructureId) -> bool {
        match self {
            Cote::Emises => &f.emetteur == structure,
            Cote::Recues => f.destinataire.as_ref() == Some(structure) && f.parvenue(),
            Cote::AValider => {
                !f.is_draft()
                    && (f.valideur.as_ref() == Some(structure)
                        || f.valideur_2.as_ref() == Some(structure))
            }
        }
    }

    /// Used in file names: `factures-emises`, `factures-recues`.
    pub fn slug(self) -> &'static str {
        match self {
            Cote::Emises => "factures-emises",
            Cote::Recues => "factures-recues",
            Cote::AValider => "factures-a-valider",
        }
    }
}

/// The sortable columns of the lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Colonne {
    Numero,
    DateFacture,
    #[default]
    DateDepot,
    Partenaire,
    Service,
    MontantHt,
    MontantTtc,
    Statut,
    DateEtat,
}

impl Colonne {
    pub const ALL: [Colonne; 9] = [
        Colonne::Numero,
        Colonne::DateFacture,
        Colonne::DateDepot,
        Colonne::Partenaire,
        Colonne::Service,
        Colonne::MontantHt,
        Colonne::MontantTtc,
        Colonne::Statut,
        Colonne::DateEtat,
    ];

    /// The value of the `tri` key of the URL query.
    pub fn code(self) -> &'static str {
        match self {
            Colonne::Numero => "numero",
            Colonne::DateFacture => "date_facture",
            Colonne::DateDepot => "date_depot",
            Colonne::Partenaire => "partenaire",
            Colonne::Service => "service",
            Colonne::MontantHt => "montant_ht",
            Colonne::MontantTtc => "montant_ttc",
            Colonne::Statut => "statut",
            Colonne::DateEtat => "date_etat",
        }
    }

    pub fn from_code(s: &str) -> Option<Colonne> {
        Colonne::ALL.into_iter().find(|c| c.code() == s)
    }

    /// The column header.
    pub fn label(self, cote: Cote) -> &'static str {
        match self {
            Colonne::Numero => "Numéro",
            Colonne::DateFacture => "Date de facture",
            Colonne::DateDepot => "Déposée le",
            Colonne::Partenaire => cote.partenaire_label(),
            Colonne::Service => "Service",
            Colonne::MontantHt => "Montant HT",
            Colonne::MontantTtc => "Montant TTC",
            Colonne::Statut => "Statut",
            Colonne::DateEtat => "Date du statut",
        }
    }

    /// The direction a first click sorts in: newest and largest first for dates and amounts,
    /// A to Z for texts.
    pub fn descendant_par_defaut(self) -> bool {
        matches!(
            self,
            Colonne::DateFacture
                | Colonne::DateDepot
                | Colonne::MontantHt
                | Colonne::MontantTtc
                | Colonne::DateEtat
        )
    }
}

/// The search form. Empty texts, empty lists and `None` match everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criteres {
    /// Part of the invoice number; case and accents ignored.
    pub numero: String,
    /// Current status among these; empty = any.
    pub statuts: Vec<Statut>,
    pub cadre: Option<Cadre>,
    pub type_facture: Option<TypeFacture>,
    /// The recipient (Emises) or the supplier (Recues): part of its identifier (spaces ignored),
    /// of its raison sociale or of its libellé; case, accents and punctuation ignored.
    pub partenaire: String,
    /// Part of the recipient's code service; case ignored.
    pub service: String,
    /// Bounds (inclusive) on the total TTC.
    pub montant_min: Option<Montant>,
    pub montant_max: Option<Montant>,
    /// Part of the numéro d'engagement juridique; case ignored.
    pub ej: String,
    /// Part of the numéro de marché; case ignored.
    pub marche: String,
    /// Deposit day (Paris), inclusive bounds.
    pub depot_du: Option<NaiveDate>,
    pub depot_au: Option<NaiveDate>,
    /// Invoice date, inclusive bounds.
    pub facture_du: Option<NaiveDate>,
    pub facture_au: Option<NaiveDate>,
    /// Day the current status was reached (Paris), inclusive bounds.
    pub etat_du: Option<NaiveDate>,
    pub etat_au: Option<NaiveDate>,
    /// `Some(false)`: treated rejections hidden (the Synthèse, default); `Some(true)`: only them;
    /// `None`: all.
    pub rejet_traite: Option<bool>,
    pub tri: Colonne,
    pub descendant: bool,
    /// 1-based; clamped into the available pages.
    pub page: usize,
    /// At least 1.
    pub par_page: usize,
}

/// Results per page unless the query says otherwise.
pub const PAR_PAGE: usize = 20;
/// Largest `par_page` a query may ask for.
pub const PAR_PAGE_MAX: usize = 500;

impl Default for Criteres {
    fn default() -> Self {
        Criteres {
            numero: String::new(),
            statuts: Vec::new(),
            cadre: None,
            type_facture: None,
            partenaire: String::new(),
            service: String::new(),
            montant_min: None,
            montant_max: None,
            ej: String::new(),
            marche: String::new(),
            depot_du: None,
            depot_au: None,
            facture_du: None,
            facture_au: None,
            etat_du: None,
            etat_au: None,
            rejet_traite: Some(false),
            tri: Colonne::DateDepot,
            descendant: true,
            page: 1,
            par_page: PAR_PAGE,
        }
    }
}

/// The statuses a list may filter on, in the order of the lifecycle: every status of a sent
/// invoice (drafts have their own list).
pub const STATUTS_FILTRABLES: &[Statut] = Statut::ALL.split_at(1).1;

impl Criteres {
    /// The list filtered on one status, as the dashboard links to it. Treated rejections are
    /// included for « Rejetée »: the dashboard counts them (the lists hide them by default).
    pub fn du_statut(statut: Statut) -> Criteres {
        let d = Criteres::default();
        Criteres {
            statuts: vec![statut],
            rejet_traite: if statut == Statut::Rejetee {
                None
            } else {
                d.rejet_traite
            },
            ..d
        }
    }
}

/// One page of the invoices of `structure` on this side matching `c`, sorted.
pub fn rechercher<'a>(
    sb: &'a Sandbox,
    cote: Cote,
    structure: &StructureId,
    c: &Criteres,
) -> Page<&'a Rc<Facture>> {
    Page::cut(tous(sb, cote, structure, c), c.page, c.par_page)
}

/// The other party of the invoices, read once per search.
struct Partenaire<'a> {
    retenu: bool,
    /// Folded display name, then identifier: the sort key of the column.
    nom: String,
    identifiant: &'a str,
}

/// A matching invoice and its sort key (for the integer-keyed columns).
struct Ligne<'a> {
    f: &'a Rc<Facture>,
    cle: i64,
}

/// The texts of the criteria, folded once.
struct Aiguilles {
    numero: String,
    partenaire: String,
    partenaire_compact: String,
    service: String,
    ej: String,
    marche: String,
}

/// FNV-1a: the partner table is hashed once per invoice, and std's SipHash costs more than the
/// rest of the filter in wasm.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// All matching invoices (every page), in the sorted order — what the CSV export writes.
pub fn tous<'a>(
    sb: &'a Sandbox,
    cote: Cote,
    structure: &StructureId,
    c: &Criteres,
) -> Vec<&'a Rc<Facture>> {
    let partenaire = search_key(&c.partenaire);
    let a = Aiguilles {
        numero: fold(c.numero.trim()),
        partenaire_compact: compact(&partenaire),
        partenaire,
        service: fold(c.service.trim()),
        ej: fold(c.ej.trim()),
        marche: fold(c.marche.trim()),
    };
    let periode_depot = c.depot_du.is_some() || c.depot_au.is_some();
    let periode_etat = c.etat_du.is_some() || c.etat_au.is_some();
    let montants = c.montant_min.is_some() || c.montant_max.is_some();
    let partenaires_requis = !a.partenaire.is_empty() || c.tri == Colonne::Partenaire;
    let rang_statut = rangs_statuts();
    let mut index: HashMap<&'a StructureId, u32, BuildHasherDefault<Fnv>> = HashMap::default();
    let mut partenaires: Vec<Partenaire<'a>> = Vec::new();
    let mut lignes: Vec<Ligne<'a>> = Vec::new();

    // `factures` is ordered by id: rows come in id order, which a stable sort keeps among equal
    // keys. The id thus closes every key, and « descendant » is the exact reverse.
    for f in sb.factures.values() {
        if f.is_draft() || !cote.concerne(f, structure) || !filtre_simple(f, c, &a) {
            continue;
        }
        let depot = if periode_depot || c.tri == Colonne::DateDepot {
            f.depose_le()
        } else {
            None
        };
        if periode_depot && !depot.is_some_and(|t| entre(paris_date(t), c.depot_du, c.depot_au)) {
            continue;
        }
        let etat = f.date_etat_courant();
        if periode_etat && !entre(paris_date(etat), c.etat_du, c.etat_au) {
            continue;
        }
        let mut partenaire = u32::MAX;
        if partenaires_requis {
            if let Some(id) = cote.partenaire(f) {
                partenaire = *index.entry(id).or_insert_with(|| {
                    partenaires.push(lire_partenaire(sb.structures.get(id).map(|s| &**s), &a));
                    (partenaires.len() - 1) as u32
                });
            }
            let retenu = match partenaires.get(partenaire as usize) {
                Some(info) => info.retenu,
                None => a.partenaire.is_empty(),
            };
            if !retenu {
                continue;
            }
        }
        let (ht, ttc) = if montants || matches!(c.tri, Colonne::MontantHt | Colonne::MontantTtc) {
            f.ht_ttc()
        } else {
            (Montant::ZERO, Montant::ZERO)
        };
        if c.montant_min.is_some_and(|m| ttc < m) || c.montant_max.is_some_and(|m| ttc > m) {
            continue;
        }
        let cle = match c.tri {
            Colonne::Numero | Colonne::Service => 0,
            Colonne::DateFacture => f.date.map_or(i64::MIN, |d| i64::from(d.num_days_from_ce())),
            Colonne::DateDepot => depot.map_or(i64::MIN, |t| t.timestamp_millis()),
            Colonne::Partenaire => i64::from(partenaire),
            Colonne::MontantHt => ht.0,
            Colonne::MontantTtc => ttc.0,
            Colonne::Statut => Statut::ALL
                .iter()
                .position(|x| *x == f.statut)
                .map_or(i64::MAX, |i| i64::from(rang_statut[i])),
            Colonne::DateEtat => etat.timestamp_millis(),
        };
        lignes.push(Ligne { f, cle });
    }

    match c.tri {
        Colonne::Numero => lignes.sort_by(|x, y| cmp_ci(&x.f.numero, &y.f.numero)),
        Colonne::Service => lignes.sort_by(|x, y| cmp_ci(&x.f.code_service, &y.f.code_service)),
        Colonne::Partenaire => {
            // Each partner's index becomes its rank in name order (no partner: last).
            let mut ordre: Vec<u32> = (0..partenaires.len() as u32).collect();
            ordre.sort_by(|&x, &y| {
                let (px, py) = (&partenaires[x as usize], &partenaires[y as usize]);
                (&px.nom, px.identifiant).cmp(&(&py.nom, py.identifiant))
            });
            let mut rang = vec![0i64; partenaires.len()];
            for (r, i) in ordre.into_iter().enumerate() {
                rang[i as usize] = r as i64;
            }
            lignes.sort_by_key(|l| rang.get(l.cle as usize).copied().unwrap_or(i64::MAX));
        }
        _ => lignes.sort_by_key(|l| l.cle),
    }
    if c.descendant {
        lignes.reverse();
    }
    lignes.into_iter().map(|l| l.f).collect()
}

/// The criteria that read only the invoice's own fields.
fn filtre_simple(f: &Facture, c: &Criteres, a: &Aiguilles) -> bool {
    (c.statuts.is_empty() || c.statuts.contains(&f.statut))
        && c.cadre.is_none_or(|x| f.cadre == x)
        && c.type_facture.is_none_or(|x| f.type_facture == x)
        && c.rejet_traite.is_none_or(|x| f.rejet_traite() == x)
        && ((c.facture_du.is_none() && c.facture_au.is_none())
            || f.date.is_some_and(|d| entre(d, c.facture_du, c.facture_au)))
        && contient(&f.numero, &a.numero)
        && contient(&f.code_service, &a.service)
        && contient(&f.ej, &a.ej)
        && contient(&f.marche, &a.marche)
}

fn lire_partenaire<'a>(
    s: Option<&'a crate::organisation::structure::Structure>,
    a: &Aiguilles,
) -> Partenaire<'a> {
    let Some(s) = s else {
        return Partenaire {
            retenu: a.partenaire.is_empty(),
            nom: String::new(),
            identifiant: "",
        };
    };
    let retenu = a.partenaire.is_empty()
        || (!a.partenaire_compact.is_empty()
            && compact(&fold(&s.identifier)).contains(&a.partenaire_compact))
        || search_key(&s.raison_sociale).contains(&a.partenaire)
        || s.libelle
            .as_deref()
            .is_some_and(|l| search_key(l).contains(&a.partenaire));
    Partenaire {
        retenu,
        nom: fold(s.display_name()),
        identifiant: &s.identifier,
    }
}

/// Rank of each status (in `Statut::ALL` order) by its label, as the column shows it.
fn rangs_statuts() -> [u8; Statut::ALL.len()] {
    let mut ordre: Vec<usize> = (0..Statut::ALL.len()).collect();
    ordre.sort_by_cached_key(|&i| fold(Statut::ALL[i].label()));
    let mut rang = [0u8; Statut::ALL.len()];
    for (r, i) in ordre.into_iter().enumerate() {
        rang[i] = r as u8;
    }
    rang
}

fn entre(d: NaiveDate, du: Option<NaiveDate>, au: Option<NaiveDate>) -> bool {
    du.is_none_or(|x| d >= x) && au.is_none_or(|x| d <= x)
}

/// Whether `hay` contains `needle` (already folded), case and accents ignored. ASCII values (the
/// usual invoice numbers, codes and EJ) are compared in place, without allocating.
fn contient(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    fold(hay).contains(needle)
}

/// Case-insensitive order of ASCII letters, without allocating.
fn cmp_ci(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|x| x.to_ascii_lowercase())
        .cmp(b.bytes().map(|x| x.to_ascii_lowercase()))
}
