//! The invoice laid out on A4 pages, as the invoice page shows it: parties, references, lines
//! (the table header repeated on each page), VAT recap, totals, bank details, comment; a footer
//! with the page number on each page.

use super::metriques::LARGEURS;
use super::{HAUTEUR, LARGEUR};
use crate::modele::Document;
use domain::facturation::facture::ModeDepot;
use domain::kernel::time::day_fr;
use domain::organisation::coordonnees_bancaires::format_iban;
use domain::organisation::structure::Structure;
use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Name, Str};

const MARGE: f32 = 40.0;
const BAS: f32 = 60.0;

/// A text in WinAnsiEncoding: characters it lacks become « ? », the French narrow no-break
/// space a no-break space.
pub fn winansi(s: &str) -> Vec<u8> {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '\u{202F}' | '\u{A0}' => 0xA0,
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8A,
            '‹' => 0x8B,
            'Œ' => 0x8C,
            'Ž' => 0x8E,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9A,
            '›' => 0x9B,
            'œ' => 0x9C,
            'ž' => 0x9E,
            'Ÿ' => 0x9F,
            c if (' '..='~').contains(&c) || ('\u{A1}'..='\u{FF}').contains(&c) => {
                u8::try_from(u32::from(c)).unwrap_or(b'?')
            }
            _ => b'?',
        })
        // A code whose glyph the embedded subset lacks (width 0) would show nothing.
        .map(|b| {
            let present = usize::from(b)
                .checked_sub(32)
                .and_then(|i| LARGEURS.get(i))
                .is_some_and(|w| *w > 0);
            if present {
                b
            } else {
                b'?'
            }
        })
        .collect()
}

/// Width in points of WinAnsi bytes at `taille`.
pub fn largeur_texte(bytes: &[u8], taille: f32) -> f32 {
    let em: u32 = bytes
        .iter()
        .map(|b| {
            usize::from(*b)
                .checked_sub(32)
                .and_then(|i| LARGEURS.get(i))
                .map_or(0, |w| u32::from(*w))
        })
        .sum();
    em as f32 * taille / 1000.0
}

/// Cuts a text into lines of at most `largeur` points (words kept whole when they fit).
fn couper(texte: &str, largeur: f32, taille: f32, max: usize) -> Vec<Vec<u8>> {
    let mut lignes: Vec<Vec<u8>> = Vec::new();
    let mut courante: Vec<u8> = Vec::new();
    for mot in texte.split_whitespace() {
        let mot = winansi(mot);
        let mut essai = courante.clone();
        if !essai.is_empty() {
            essai.push(b' ');
        }
        essai.extend_from_slice(&mot);
        if largeur_texte(&essai, taille) <= largeur {
            courante = essai;
            continue;
        }
        if !courante.is_empty() {
            lignes.push(std::mem::take(&mut courante));
        }
        // A word longer than the column is cut.
        for b in mot {
            courante.push(b);
            if largeur_texte(&courante, taille) > largeur {
                let last = courante.pop().unwrap_or(b'?');
                lignes.push(std::mem::take(&mut courante));
                courante.push(last);
            }
        }
    }
    if !courante.is_empty() || lignes.is_empty() {
        lignes.push(courante);
    }
    if lignes.len() > max {
        lignes.truncate(max);
        if let Some(l) = lignes.last_mut() {
            while !l.is_empty()
                && largeur_texte(l, taille) + largeur_texte(b"...", taille) > largeur
            {
                l.pop();
            }
            l.extend_from_slice(b"...");
        }
    }
    lignes
}

struct Mise {
    pages: Vec<Content>,
    c: Content,
    y: f32,
}

impl Mise {
    fn new() -> Mise {
        Mise {
            pages: Vec::new(),
            c: Content::new(),
            y: HAUTEUR - 50.0,
        }
    }

    fn texte(&mut self, x: f32, y: f32, taille: f32, t: &[u8], gras: bool) {
        let c = &mut self.c;
        c.begin_text();
        c.set_font(Name(b"F1"), taille);
        if gras {
            c.set_text_rendering_mode(TextRenderingMode::FillStroke);
            c.set_line_width(taille / 30.0);
        }
        c.next_line(x, y);
        c.show(Str(t));
        if gras {
            c.set_text_rendering_mode(TextRenderingMode::Fill);
        }
        c.end_text();
    }

    fn gauche(&mut self, x: f32, taille: f32, t: &str, gras: bool) {
        let b = winansi(t);
        let y = self.y;
        self.texte(x, y, taille, &b, gras);
    }

    fn droite(&mut self, x_droite: f32, y: f32, taille: f32, t: &str, gras: bool) {
        let b = winansi(t);
        let x = x_droite - largeur_texte(&b, taille);
        self.texte(x, y, taille, &b, gras);
    }

    fn trait_h(&mut self, x1: f32, x2: f32, y: f32) {
        self.c.set_stroke_gray(0.6);
        self.c.set_line_width(0.5);
        self.c.move_to(x1, y);
        self.c.line_to(x2, y);
        self.c.stroke();
        self.c.set_stroke_gray(0.0);
    }

    fn fond(&mut self, x: f32, y: f32, l: f32, h: f32) {
        self.c.set_fill_rgb(0.90, 0.92, 0.96);
        self.c.rect(x, y, l, h);
        self.c.fill_nonzero();
        self.c.set_fill_gray(0.0);
    }

    /// Starts a new page when fewer than `h` points remain; true if it did.
    fn place(&mut self, h: f32) -> bool {
        if self.y - h >= BAS {
            return false;
        }
        let page = std::mem::replace(&mut self.c, Content::new());
        self.pages.push(page);
        self.y = HAUTEUR - 50.0;
        true
    }

    fn finir(mut self, titre: &str) -> Vec<Vec<u8>> {
        let derniere = std::mem::replace(&mut self.c, Content::new());
        self.pages.push(derniere);
        let n = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        pages
            .into_iter()
            .enumerate()
            .map(|(i, page)| {
                self.c = page;
                self.trait_h(MARGE, LARGEUR - MARGE, 42.0);
                let pied = format!(
                    "{titre} — Bac à sable Chorus Pro : document de formation, données fictives"
                );
                let b = winansi(&pied);
                self.texte(MARGE, 30.0, 7.0, &b, false);
                self.droite(
                    LARGEUR - MARGE,
                    30.0,
                    7.0,
                    &format!("Page {} / {n}", i + 1),
                    false,
                );
                std::mem::replace(&mut self.c, Content::new())
                    .finish()
                    .to_vec()
            })
            .collect()
    }
}

const COLONNES: [(&str, f32, bool); 8] = [
    ("N°", 22.0, false),
    ("Désignation", 171.0, false),
    ("Quantité", 48.0, true),
    ("Unité", 40.0, false),
    ("Prix unit. HT", 66.0, true),
    ("Remise HT", 52.0, true),
    ("TVA", 36.0, true),
    ("Montant HT", 80.0, true),
];

fn entete_tableau(m: &mut Mise) {
    m.place(40.0);
    let y = m.y;
    m.fond(MARGE, y - 5.0, LARGEUR - 2.0 * MARGE, 16.0);
    let mut x = MARGE;
    for (titre, l, droite) in COLONNES {
        if droite {
            m.droite(x + l - 3.0, y, 7.5, titre, true);
        } else {
            let b = winansi(titre);
            m.texte(x + 3.0, y, 7.5, &b, true);
        }
        x += l;
    }
    m.y -= 16.0;
}

fn partie(m: &mut Mise, x: f32, titre: &str, s: &Structure, service: &str, y0: f32) -> f32 {
    let mut y = y0;
    let mut ligne = |m: &mut Mise, t: &str, taille: f32, gras: bool| {
        for l in couper(t, 245.0, taille, 2) {
            m.texte(x, y, taille, &l, gras);
            y -= taille + 3.0;
        }
    };
    ligne(m, titre, 8.0, true);
    ligne(m, &s.raison_sociale, 10.0, true);
    ligne(m, &s.adresse.adresse, 9.0, false);
    for c in [&s.adresse.complement1, &s.adresse.complement2]
        .into_iter()
        .flatten()
    {
        ligne(m, c, 9.0, false);
    }
    ligne(
        m,
        &format!("{} {}", s.adresse.code_postal, s.adresse.ville),
        9.0,
        false,
    );
    ligne(
        m,
        &format!("{} : {}", s.identifier_type.label(), s.identifier),
        9.0,
        false,
    );
    if let Some(tva) = &s.numero_tva {
        ligne(m, &format!("TVA intracommunautaire : {tva}"), 9.0, false);
    }
    if !service.is_empty() {
        ligne(m, &format!("Service : {service}"), 9.0, false);
    }
    y
}

/// The content streams of the pages (uncompressed).
pub fn composer(d: &Document) -> Vec<Vec<u8>> {
    let f = d.facture;
    let mut m = Mise::new();
    let titre = f.titre();
    m.gauche(MARGE, 18.0, &titre, true);
    if let Some(date) = f.date {
        let y = m.y;
        m.droite(
            LARGEUR - MARGE,
            y,
            10.0,
            &format!("Date : {}", day_fr(date)),
            false,
        );
    }
    m.y -= 14.0;
    m.gauche(
        MARGE,
        8.0,
        "Bac à sable Chorus Pro — document de formation, données fictives",
        false,
    );
    m.y -= 24.0;

    let service = match d.nom_service {
        Some(nom) => format!("{} ({nom})", f.code_service),
        None => f.code_service.clone(),
    };
    let y0 = m.y;
    let y1 = partie(
        &mut m,
        MARGE,
        "FOURNISSEUR",
        d.fournisseur,
        &f.service_fournisseur,
        y0,
    );
    let y2 = partie(
        &mut m,
        LARGEUR / 2.0 + 5.0,
        "DESTINATAIRE",
        d.destinataire,
        &service,
        y0,
    );
    m.y = y1.min(y2) - 10.0;
    let y = m.y + 4.0;
    m.trait_h(MARGE, LARGEUR - MARGE, y);
    m.y -= 10.0;

    // References, two columns.
    let opt = |v: &str| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.to_string()
        }
    };
    let mut refs: Vec<(&str, String)> = vec![
        ("Numéro de facture", opt(&f.numero)),
        (
            "Date de facture",
            f.date.map(day_fr).unwrap_or_else(|| "—".into()),
        ),
        ("Type", f.type_facture.label().to_string()),
        ("Cadre de facturation", f.cadre.court().to_string()),
        ("Devise", f.devise.clone()),
        ("Type de TVA", f.type_tva.label().to_string()),
        (
            "Mode de règlement",
            f.mode_reglement
                .map(|m| m.label().to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        ("Engagement juridique", opt(&f.ej)),
        ("Numéro de marché", opt(&f.marche)),
        ("Mode de dépôt", f.mode_depot.label().to_string()),
    ];
    if !f.motif_exoneration.is_empty() {
        refs.push(("Motif d'exonération", f.motif_exoneration.clone()));
    }
    if !f.facture_origine.is_empty() {
        refs.push(("Facture d'origine", f.facture_origine.clone()));
    }
    let moitie = refs.len().div_ceil(2);
    let y0 = m.y;
    for (i, (k, v)) in refs.iter().enumerate() {
        let (x, rang) = if i < moitie {
            (MARGE, i)
        } else {
            (LARGEUR / 2.0 + 5.0, i - moitie)
        };
        let y = y0 - rang as f32 * 13.0;
        let kb = winansi(&format!("{k} :"));
        m.texte(x, y, 8.5, &kb, true);
        let vb = couper(v, 245.0 - 112.0, 8.5, 1)
            .into_iter()
            .next()
            .unwrap_or_default();
        m.texte(x + 112.0, y, 8.5, &vb, false);
    }
    m.y = y0 - moitie as f32 * 13.0 - 12.0;

    // Lines.
    if f.mode_depot == ModeDepot::DepotPdfPortail {
        m.gauche(
            MARGE,
            9.0,
            "Facture déposée en PDF : le détail des lignes figure sur le PDF déposé.",
            false,
        );
        m.y -= 16.0;
    } else {
        entete_tableau(&mut m);
        for (i, l) in f.lignes.iter().enumerate() {
            let mut designation = l.designation.clone();
            if !l.reference.is_empty() {
                designation = format!("{} — {designation}", l.reference);
            }
            let lignes = couper(&designation, COLONNES[1].1 - 6.0, 8.0, 4);
            let h = lignes.len() as f32 * 10.0 + 6.0;
            if m.place(h) {
                entete_tableau(&mut m);
            }
            let y = m.y;
            let valeurs = [
                (i + 1).to_string(),
                String::new(),
                l.quantite.map(|q| q.fr()).unwrap_or_default(),
                l.unite.clone(),
                l.prix.map(|p| p.fr()).unwrap_or_default(),
                if l.remise.0 == 0 {
                    String::new()
                } else {
                    l.remise.fr()
                },
                l.taux.map(|t| t.fr()).unwrap_or_default(),
                l.montant_ht().map(|v| v.fr_eur()).unwrap_or_default(),
            ];
            let mut x = MARGE;
            for ((_, largeur, droite), v) in COLONNES.iter().zip(&valeurs) {
                if *droite {
                    m.droite(x + largeur - 3.0, y, 8.0, v, false);
                } else if !v.is_empty() {
                    let b = couper(v, largeur - 6.0, 8.0, 1)
                        .into_iter()
                        .next()
                        .unwrap_or_default();
                    m.texte(x + 3.0, y, 8.0, &b, false);
                }
                x += largeur;
            }
            for (k, l) in lignes.iter().enumerate() {
                m.texte(
                    MARGE + COLONNES[0].1 + 3.0,
                    y - k as f32 * 10.0,
                    8.0,
                    l,
                    false,
                );
            }
            m.y -= h;
            let y = m.y + 8.0;
            m.trait_h(MARGE, LARGEUR - MARGE, y);
        }
        m.y -= 8.0;
    }

    // VAT recap (left) and totals (right).
    let t = &d.totaux;
    let mut totaux: Vec<(String, String, bool)> = vec![
        ("Total HT".into(), t.total_ht.fr_eur(), false),
        ("Total TVA".into(), t.total_tva.fr_eur(), false),
        ("Total TTC".into(), t.total_ttc.fr_eur(), false),
    ];
    if t.remise_globale.0 != 0 {
        totaux.push((
            format!("Remise globale TTC ({})", f.motif_remise),
            t.remise_globale.fr_eur(),
            false,
        ));
    }
    totaux.push(("Montant à payer".into(), f.a_payer().fr_eur(), true));
    let h = (t.recap.len().max(totaux.len()) as f32 + 2.0) * 13.0;
    m.place(h);
    let y0 = m.y;
    if !t.recap.is_empty() {
        m.fond(MARGE, y0 - 5.0, 230.0, 16.0);
        let b = winansi("Taux");
        m.texte(MARGE + 3.0, y0, 8.0, &b, true);
        m.droite(MARGE + 140.0, y0, 8.0, "Base HT", true);
        m.droite(MARGE + 227.0, y0, 8.0, "Montant de TVA", true);
        for (i, r) in t.recap.iter().enumerate() {
            let y = y0 - (i as f32 + 1.0) * 13.0 - 3.0;
            let b = winansi(&r.taux.fr());
            m.texte(MARGE + 3.0, y, 8.5, &b, false);
            m.droite(MARGE + 140.0, y, 8.5, &r.base_ht.fr_eur(), false);
            m.droite(MARGE + 227.0, y, 8.5, &r.montant_tva.fr_eur(), false);
        }
    }
    for (i, (k, v, gras)) in totaux.iter().enumerate() {
        let y = y0 - i as f32 * 14.0;
        let kb = couper(k, 150.0, 9.0, 1)
            .into_iter()
            .next()
            .unwrap_or_default();
        m.texte(LARGEUR / 2.0 + 40.0, y, 9.0, &kb, *gras);
        m.droite(LARGEUR - MARGE, y, if *gras { 10.0 } else { 9.0 }, v, *gras);
    }
    m.y = y0 - h;

    if let Some(c) = d.compte {
        let texte = format!(
            "Coordonnées bancaires : {} — IBAN {} — BIC {}{}",
            c.libelle,
            format_iban(&c.iban),
            c.bic,
            if c.affactureur {
                " (compte d'un affactureur)"
            } else {
                ""
            }
        );
        for l in couper(&texte, LARGEUR - 2.0 * MARGE, 8.5, 2) {
            m.place(12.0);
            let y = m.y;
            m.texte(MARGE, y, 8.5, &l, false);
            m.y -= 12.0;
        }
    }
    if !f.commentaire.trim().is_empty() {
        m.y -= 4.0;
        for l in couper(
            &format!("Commentaire : {}", f.commentaire),
            LARGEUR - 2.0 * MARGE,
            8.5,
            20,
        ) {
            m.place(12.0);
            let y = m.y;
            m.texte(MARGE, y, 8.5, &l, false);
            m.y -= 12.0;
        }
    }
    m.y -= 6.0;
    m.place(24.0);
    for l in couper(
        "Facture au format Factur-X (profil EN 16931) : le fichier factur-x.xml joint à ce PDF porte les mêmes données, lisibles par un logiciel.",
        LARGEUR - 2.0 * MARGE,
        7.5,
        3,
    ) {
        let y = m.y;
        m.texte(MARGE, y, 7.5, &l, false);
        m.y -= 10.0;
    }
    m.finir(&titre)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winansi_keeps_french_and_replaces_the_rest() {
        assert_eq!(winansi("Éé€"), vec![0xC9, 0xE9, 0x80]);
        assert_eq!(winansi("a🎉b"), b"a?b".to_vec());
        assert_eq!(winansi("1\u{202F}234"), vec![b'1', 0xA0, b'2', b'3', b'4']);
        assert_eq!(winansi("a\nb"), b"ab".to_vec());
        // Latin letters outside the French subset.
        assert_eq!(winansi("ñÅ"), b"??".to_vec());
    }

    #[test]
    fn long_texts_are_cut_to_the_column() {
        let l = couper(&"mot ".repeat(200), 100.0, 8.0, 3);
        assert_eq!(l.len(), 3);
        assert!(l.iter().all(|l| largeur_texte(l, 8.0) <= 100.0));
        let l = couper(&"x".repeat(500), 50.0, 8.0, 100);
        assert!(l.iter().all(|l| largeur_texte(l, 8.0) <= 50.0));
        assert_eq!(couper("", 50.0, 8.0, 2).len(), 1);
    }
}
