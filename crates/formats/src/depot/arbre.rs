//! An XML file read into a small tree, with the hard limits of a deposit: no DTD (so no entity
//! can be declared, let alone expanded), only the five predefined entities and character
//! references, a bounded depth and number of elements, line numbers for every element. Names are
//! kept without their prefix; the root's namespace is kept for the syntax.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deepest nesting accepted (a CII or UBL invoice needs about 8 levels).
pub const MAX_PROFONDEUR: usize = 64;
/// Most elements in one file (a 500-line invoice has about 20 000).
pub const MAX_ELEMENTS: usize = 1_000_000;

#[derive(Debug, Default)]
pub struct Noeud {
    pub nom: String,
    pub attrs: Vec<(String, String)>,
    pub texte: String,
    pub enfants: Vec<usize>,
    pub ligne: u32,
}

#[derive(Debug, Default)]
pub struct Arbre {
    pub noeuds: Vec<Noeud>,
    /// The root's namespace (`xmlns` or the one of its prefix).
    pub espace: String,
}

/// Why a file is not read.
#[derive(Debug, PartialEq, Eq)]
pub enum Refus {
    /// A hostile construct: refused at the deposit, nothing created.
    Hostile(String),
    /// Not well-formed XML: a technical error of the flux, with its line.
    Syntaxe { ligne: u32, message: String },
}

/// Counts lines as the reader moves forward (positions only grow).
struct Lignes<'a> {
    texte: &'a [u8],
    pos: usize,
    ligne: u32,
}

impl Lignes<'_> {
    fn a(&mut self, pos: u64) -> u32 {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.texte.len());
        if pos > self.pos {
            let n = self
                .texte
                .get(self.pos..pos)
                .map(|s| s.iter().filter(|b| **b == b'\n').count())
                .unwrap_or(0);
            self.ligne = self
                .ligne
                .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            self.pos = pos;
        }
        self.ligne
    }
}

fn entite(nom: &str) -> Option<char> {
    match nom {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

/// What is wrong, in French (quick-xml's own messages are in English).
fn pourquoi(e: &quick_xml::Error) -> String {
    use quick_xml::errors::IllFormedError as M;
    match e {
        quick_xml::Error::Syntax(_) => {
            "une balise, un commentaire, une section CDATA ou une déclaration n'est pas fermé(e)."
                .to_string()
        }
        quick_xml::Error::IllFormed(M::MismatchedEndTag { expected, found }) => format!(
            "la balise fermante </{}> ne correspond pas à la balise ouverte <{}>.",
            crate::depot::court(found, 40),
            crate::depot::court(expected, 40)
        ),
        quick_xml::Error::IllFormed(M::UnmatchedEndTag(n)) => format!(
            "la balise fermante </{}> n'a pas de balise ouvrante.",
            crate::depot::court(n, 40)
        ),
        quick_xml::Error::IllFormed(M::MissingEndTag(n)) => format!(
            "la balise <{}> n'est pas fermée.",
            crate::depot::court(n, 40)
        ),
        _ => "le texte n'est pas du XML conforme.".to_string(),
    }
}

pub fn lire(texte: &str) -> Result<Arbre, Refus> {
    let mut reader = Reader::from_str(texte);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;
    let mut lignes = Lignes {
        texte: texte.as_bytes(),
        pos: 0,
        ligne: 1,
    };
    let mut arbre = Arbre::default();
    let mut pile: Vec<usize> = Vec::new();
    let mut racine_vue = false;
    loop {
        let debut = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let ligne = lignes.a(reader.error_position());
                return Err(Refus::Syntaxe {
                    ligne,
                    message: format!("le fichier n'est pas un XML bien formé : {}", pourquoi(&e)),
                });
            }
        };
        match event {
            Event::DocType(_) => {
                return Err(Refus::Hostile(
                    "il contient une déclaration DOCTYPE (DTD) : le portail refuse les DTD et les entités qu'elles déclarent."
                        .to_string(),
                ))
            }
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    let enc = enc.to_ascii_lowercase();
                    if enc != "utf-8" && enc != "utf8" {
                        return Err(Refus::Hostile(format!(
                            "il se déclare en « {enc} » : seuls les fichiers XML en UTF-8 sont acceptés."
                        )));
                    }
                }
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                if racine_vue && pile.is_empty() {
                    return Err(Refus::Syntaxe {
                        ligne: lignes.a(debut),
                        message: "le fichier a plusieurs éléments racines.".to_string(),
                    });
                }
                racine_vue = true;
                if pile.len() >= MAX_PROFONDEUR {
                    return Err(Refus::Hostile(format!(
                        "ses éléments sont imbriqués sur plus de {MAX_PROFONDEUR} niveaux."
                    )));
                }
                if arbre.noeuds.len() >= MAX_ELEMENTS {
                    return Err(Refus::Hostile(format!(
                        "il compte plus de {MAX_ELEMENTS} éléments XML."
                    )));
                }
                let ligne = lignes.a(debut);
                let qname = e.name();
                let nom = qname.local_name().into_inner().to_string();
                let prefixe = qname.prefix().map(|p| p.into_inner().to_string());
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|_| Refus::Syntaxe {
                        ligne,
                        message: "un attribut est mal écrit (guillemets, signe « = » ou nom en double).".to_string(),
                    })?;
                    let valeur = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|_| Refus::Syntaxe {
                        ligne,
                        message: "la valeur d'un attribut contient une entité inconnue ou un « & » seul.".to_string(),
                    })?;
                    attrs.push((a.key.0.to_string(), valeur.into_owned()));
                }
                if pile.is_empty() {
                    let cle = match &prefixe {
                        Some(p) => format!("xmlns:{p}"),
                        None => "xmlns".to_string(),
                    };
                    arbre.espace = attrs
                        .iter()
                        .find(|(k, _)| *k == cle)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                }
                let attrs = attrs
                    .into_iter()
                    .filter(|(k, _)| !k.starts_with("xmlns"))
                    .map(|(k, v)| (k.rsplit(':').next().unwrap_or_default().to_string(), v))
                    .collect();
                let index = arbre.noeuds.len();
                arbre.noeuds.push(Noeud {
                    nom,
                    attrs,
                    texte: String::new(),
                    enfants: Vec::new(),
                    ligne,
                });
                if let Some(parent) = pile.last().and_then(|p| arbre.noeuds.get_mut(*p)) {
                    parent.enfants.push(index);
                }
                if matches!(event, Event::Start(_)) {
                    pile.push(index);
                }
            }
            Event::End(_) => {
                pile.pop();
            }
            Event::Text(t) => {
                if let Some(n) = pile.last().and_then(|p| arbre.noeuds.get_mut(*p)) {
                    n.texte.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(Refus::Syntaxe {
                        ligne: lignes.a(debut),
                        message: "du texte se trouve hors de l'élément racine.".to_string(),
                    });
                }
            }
            Event::CData(c) => {
                if let Some(n) = pile.last().and_then(|p| arbre.noeuds.get_mut(*p)) {
                    n.texte.push_str(c.as_ref());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => entite(&r),
                    Err(_) => None,
                };
                let Some(c) = c else {
                    return Err(Refus::Hostile(format!(
                        "il utilise l'entité « &{}; », qu'aucune déclaration autorisée ne définit (seules &lt; &gt; &amp; &apos; &quot; et les références de caractères sont admises).",
                        crate::depot::court(&r, 30)
                    )));
                };
                if let Some(n) = pile.last().and_then(|p| arbre.noeuds.get_mut(*p)) {
                    n.texte.push(c);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::PI(_) => {}
        }
    }
    if arbre.noeuds.is_empty() {
        return Err(Refus::Syntaxe {
            ligne: lignes.ligne,
            message: "le fichier ne contient aucun élément XML.".to_string(),
        });
    }
    if !pile.is_empty() {
        return Err(Refus::Syntaxe {
            ligne: lignes.ligne,
            message: "le fichier s'arrête avant la fin de son élément racine.".to_string(),
        });
    }
    Ok(arbre)
}

impl Arbre {
    pub fn noeud(&self, i: usize) -> Option<&Noeud> {
        self.noeuds.get(i)
    }

    /// The children of `i` named `nom`.
    pub fn enfants<'a>(&'a self, i: usize, nom: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.noeud(i)
            .map(|n| n.enfants.as_slice())
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(move |c| self.noeud(*c).is_some_and(|n| n.nom == nom))
    }

    /// The first element along `chemin` from `i`.
    pub fn chemin(&self, i: usize, chemin: &[&str]) -> Option<usize> {
        let mut cur = i;
        for nom in chemin {
            cur = self.enfants(cur, nom).next()?;
        }
        Some(cur)
    }

    /// The trimmed text at `chemin` from `i` (empty when absent).
    pub fn texte(&self, i: usize, chemin: &[&str]) -> String {
        self.chemin(i, chemin)
            .and_then(|n| self.noeud(n))
            .map(|n| n.texte.trim().to_string())
            .unwrap_or_default()
    }

    pub fn attr(&self, i: usize, nom: &str) -> Option<&str> {
        self.noeud(i)?
            .attrs
            .iter()
            .find(|(k, _)| k == nom)
            .map(|(_, v)| v.as_str())
    }

    pub fn ligne(&self, i: usize) -> u32 {
        self.noeud(i).map(|n| n.ligne).unwrap_or(1)
    }
}
