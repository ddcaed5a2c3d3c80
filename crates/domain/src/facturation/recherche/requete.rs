//! The criteria of an invoice list as the query of its URL, so a list can be linked to (from the
//! dashboard, the menu) already filtered, and read back from it.

use super::{Colonne, Criteres, PAR_PAGE, PAR_PAGE_MAX};
use crate::facturation::facture::{Cadre, Statut, TypeFacture};
use crate::kernel::money::parse_montant;
use crate::kernel::time::{iso_day, parse_day};

fn cadre_from_query(s: &str) -> Option<Cadre> {
    Cadre::ALL
        .into_iter()
        .find(|c| c.court() == s)
        .or_else(|| Cadre::from_code(s))
}

impl Criteres {
    /// Whether only the presentation (sort, page, page size) differs from the default: the list
    /// shows every invoice but the treated rejections.
    pub fn sans_filtre(&self) -> bool {
        let d = Criteres::default();
        Criteres {
            tri: d.tri,
            descendant: d.descendant,
            page: d.page,
            par_page: d.par_page,
            ..self.clone()
        } == d
    }

    /// Whether a criterion other than the number and the partner is set: the « Recherche
    /// avancée » then opens by itself (also when the criteria come from the URL).
    pub fn criteres_avances(&self) -> bool {
        let simple = Criteres {
            numero: String::new(),
            partenaire: String::new(),
            ..self.clone()
        };
        !simple.sans_filtre()
    }

    /// The query of the list's URL (without '?'), with only the keys that differ from the default:
    /// `numero`, `statut` (repeated, status codes), `cadre` (A1…), `type` (FACTURE…), `partenaire`,
    /// `service`, `min`, `max` (« 1234,56 »), `ej`, `marche`, `depot_du`, `depot_au`,
    /// `facture_du`, `facture_au`, `etat_du`, `etat_au` (AAAA-MM-JJ), `rejet_traite` (`1`, or
    /// `tous`; absent = hidden), `tri` (column code), `ordre` (`asc`; absent = descending), `page`,
    /// `par_page`. Values are percent-encoded UTF-8.
    pub fn to_query(&self) -> String {
        let mut q = String::new();
        let mut put = |k: &str, v: &str| {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(k);
            q.push('=');
            encoder(v, &mut q);
        };
        let texte = |put: &mut dyn FnMut(&str, &str), k: &str, v: &str| {
            if !v.is_empty() {
                put(k, v);
            }
        };
        texte(&mut put, "numero", &self.numero);
        for s in &self.statuts {
            put("statut", s.code());
        }
        if let Some(c) = self.cadre {
            put("cadre", c.court());
        }
        if let Some(t) = self.type_facture {
            put("type", t.code());
        }
        texte(&mut put, "partenaire", &self.partenaire);
        texte(&mut put, "service", &self.service);
        if let Some(m) = self.montant_min {
            put("min", &m.input());
        }
        if let Some(m) = self.montant_max {
            put("max", &m.input());
        }
        texte(&mut put, "ej", &self.ej);
        texte(&mut put, "marche", &self.marche);
        for (k, d) in [
            ("depot_du", self.depot_du),
            ("depot_au", self.depot_au),
            ("facture_du", self.facture_du),
            ("facture_au", self.facture_au),
            ("etat_du", self.etat_du),
            ("etat_au", self.etat_au),
        ] {
            if let Some(d) = d {
                put(k, &iso_day(d));
            }
        }
        match self.rejet_traite {
            Some(false) => {}
            Some(true) => put("rejet_traite", "1"),
            None => put("rejet_traite", "tous"),
        }
        if self.tri != Colonne::default() {
            put("tri", self.tri.code());
        }
        if !self.descendant {
            put("ordre", "asc");
        }
        if self.page != 1 {
            put("page", &self.page.to_string());
        }
        if self.par_page != PAR_PAGE {
            put("par_page", &self.par_page.to_string());
        }
        q
    }

    /// Reads a query written by [`Criteres::to_query`] (a leading '?' is allowed; '+' reads as a
    /// space). Unknown keys and unreadable values are ignored; what is missing stays default.
    pub fn from_query(q: &str) -> Criteres {
        let mut c = Criteres::default();
        let q = q.strip_prefix('?').unwrap_or(q);
        for paire in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = paire.split_once('=').unwrap_or((paire, ""));
            let (k, v) = (decoder(k), decoder(v));
            let jour = || parse_day(&v, k.as_str()).ok().flatten();
            let montant = || parse_montant(&v, "Montant", true).ok();
            match k.as_str() {
                "numero" => c.numero = v,
                "statut" => {
                    if let Some(s) = Statut::from_code(&v) {
                        if !c.statuts.contains(&s) {
                            c.statuts.push(s);
                        }
                    }
                }
                "cadre" => c.cadre = cadre_from_query(&v).or(c.cadre),
                "type" => c.type_facture = TypeFacture::from_code(&v).or(c.type_facture),
                "partenaire" => c.partenaire = v,
                "service" => c.service = v,
                "min" => c.montant_min = montant().or(c.montant_min),
                "max" => c.montant_max = montant().or(c.montant_max),
                "ej" => c.ej = v,
                "marche" => c.marche = v,
                "depot_du" => c.depot_du = jour().or(c.depot_du),
                "depot_au" => c.depot_au = jour().or(c.depot_au),
                "facture_du" => c.facture_du = jour().or(c.facture_du),
                "facture_au" => c.facture_au = jour().or(c.facture_au),
                "etat_du" => c.etat_du = jour().or(c.etat_du),
                "etat_au" => c.etat_au = jour().or(c.etat_au),
                "rejet_traite" => match v.as_str() {
                    "0" | "non" => c.rejet_traite = Some(false),
                    "1" | "oui" => c.rejet_traite = Some(true),
                    "tous" => c.rejet_traite = None,
                    _ => {}
                },
                "tri" => c.tri = Colonne::from_code(&v).unwrap_or(c.tri),
                "ordre" => match v.as_str() {
                    "asc" => c.descendant = false,
                    "desc" => c.descendant = true,
                    _ => {}
                },
                "page" => {
                    if let Some(p) = v.parse::<usize>().ok().filter(|p| *p >= 1) {
                        c.page = p;
                    }
                }
                "par_page" => {
                    if let Some(p) = v
                        .parse::<usize>()
                        .ok()
                        .filter(|p| (1..=PAR_PAGE_MAX).contains(p))
                    {
                        c.par_page = p;
                    }
                }
                _ => {}
            }
        }
        c
    }
}

/// Percent-encodes UTF-8: everything but letters, digits and `-_.~,` (the comma keeps amounts
/// readable; it is allowed in a query).
fn encoder(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b',') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Reverses [`encoder`]; also reads '+' as a space, and keeps a malformed '%' as it is. Bytes that
/// are not UTF-8 become U+FFFD.
fn decoder(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
