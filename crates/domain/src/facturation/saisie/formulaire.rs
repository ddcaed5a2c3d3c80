//! The form of « Saisir une facture » and « Déposer une facture » as typed: its values, what it
//! previews on each keystroke (totals, montant à payer), and the edits the page sends it.

use crate::facturation::facture::{Cadre, Facture, Ligne, ModeDepot, ModeReglement, PieceJointe};
use crate::facturation::facture::{TypeFacture, TypeTva};
use crate::facturation::pieces_jointes::{
    pieces_acceptees, verifier_pdf, verifier_piece, PieceLue,
};
use crate::kernel::ids::{PieceJointeId, StructureId};
use crate::kernel::money::{self, Montant, Taux, Totaux};
use crate::organisation::structure::{CompteBancaire, Structure};
use crate::sandbox::Sandbox;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Select value of the « taux manuel » choice.
pub const TAUX_MANUEL: &str = "manuel";

/// One line as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormulaireLigne {
    pub reference: String,
    pub designation: String,
    pub quantite: String,
    pub unite: String,
    pub prix: String,
    pub remise: String,
    /// A standard rate's integer value (`"2000"` for 20 %), `TAUX_MANUEL`, or empty.
    pub taux: String,
    pub taux_manuel: String,
}

/// The invoice as typed in « Saisir une facture » or « Déposer une facture ». Serialised only
/// between the app and the formats worker (an invoice read from a deposited file), never stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormulaireFacture {
    pub mode_depot: ModeDepot,
    // Destinataire
    /// Identifiant (SIRET) of the recipient, typed or picked in the annuaire.
    pub destinataire: String,
    pub code_service: String,
    // Fournisseur (the structure is the user's structure de travail)
    pub service_fournisseur: String,
    /// Id of one of the structure's bank accounts, or empty.
    pub coordonnees_bancaires: String,
    // Cadre de facturation
    pub cadre: Cadre,
    pub valideur: String,
    pub service_valideur: String,
    // Références
    pub numero: String,
    pub date: String,
    pub type_facture: TypeFacture,
    pub devise: String,
    pub type_tva: TypeTva,
    pub motif_exoneration: String,
    /// A `ModeReglement` code, or empty.
    pub mode_reglement: String,
    pub ej: String,
    pub marche: String,
    pub facture_origine: String,
    // Lignes (saisie) or amounts (PDF deposit)
    pub lignes: Vec<FormulaireLigne>,
    pub montant_ht: String,
    pub montant_tva: String,
    pub montant_ttc: String,
    // Montants
    pub remise_globale: String,
    pub motif_remise: String,
    pub montant_a_payer: String,
    pub pieces: Vec<PieceJointe>,
    /// The bytes of the attachments chosen in this form and not stored yet, by id: the commit
    /// stores them with the record, and the checks read the deposited PDF's.
    #[serde(skip)]
    pub octets: Octets,
    pub commentaire: String,
}

/// Bytes of files read in the browser, by attachment id (shared, not copied, by each edit).
pub type Octets = BTreeMap<PieceJointeId, Rc<Vec<u8>>>;

impl FormulaireFacture {
    /// An empty form; a saisie starts with one empty line.
    pub fn nouvelle(mode: ModeDepot) -> FormulaireFacture {
        FormulaireFacture {
            mode_depot: mode,
            devise: "EUR".to_string(),
            mode_reglement: ModeReglement::Virement.code().to_string(),
            lignes: match mode {
                ModeDepot::SaisiePortail | ModeDepot::UploadPortail => {
                    vec![FormulaireLigne::default()]
                }
                ModeDepot::DepotPdfPortail => Vec::new(),
            },
            ..FormulaireFacture::default()
        }
    }

    /// The form a new invoice opens with: dated `today`, with the structure's default bank
    /// account.
    pub fn initiale(
        mode: ModeDepot,
        structure: Option<&Structure>,
        today: NaiveDate,
    ) -> FormulaireFacture {
        let mut form = FormulaireFacture::nouvelle(mode);
        form.date = crate::kernel::time::iso_day(today);
        if let Some(b) = structure.and_then(coordonnees_par_defaut) {
            form.coordonnees_bancaires = b.id.to_string();
        }
        form
    }

    /// The form of a stored invoice (to edit a draft, or to start a copy).
    pub fn from_facture(sb: &Sandbox, f: &Facture) -> FormulaireFacture {
        let identifier = |id: &Option<StructureId>| {
            id.as_ref()
                .and_then(|id| sb.structures.get(id))
                .map(|s| s.identifier.clone())
                .unwrap_or_default()
        };
        let amount = |m: Montant| m.input();
        FormulaireFacture {
            mode_depot: f.mode_depot,
            destinataire: identifier(&f.destinataire),
            code_service: f.code_service.clone(),
            service_fournisseur: f.service_fournisseur.clone(),
            coordonnees_bancaires: f
                .coordonnees_bancaires
                .as_ref()
                .map(|b| b.to_string())
                .unwrap_or_default(),
            cadre: f.cadre,
            valideur: identifier(&f.valideur),
            service_valideur: f.service_valideur.clone(),
            numero: f.numero.clone(),
            date: f.date.map(crate::kernel::time::iso_day).unwrap_or_default(),
            type_facture: f.type_facture,
            devise: f.devise.clone(),
            type_tva: f.type_tva,
            motif_exoneration: f.motif_exoneration.clone(),
            mode_reglement: f
                .mode_reglement
                .map(|m| m.code().to_string())
                .unwrap_or_default(),
            ej: f.ej.clone(),
            marche: f.marche.clone(),
            facture_origine: f.facture_origine.clone(),
            lignes: f.lignes.iter().map(FormulaireLigne::from_ligne).collect(),
            montant_ht: f.montants_deposes.map(|m| amount(m.ht)).unwrap_or_default(),
            montant_tva: f
                .montants_deposes
                .map(|m| amount(m.tva))
                .unwrap_or_default(),
            montant_ttc: f
                .montants_deposes
                .map(|m| amount(m.ttc))
                .unwrap_or_default(),
            remise_globale: if f.remise_globale == Montant::ZERO {
                String::new()
            } else {
                amount(f.remise_globale)
            },
            motif_remise: f.motif_remise.clone(),
            montant_a_payer: f.montant_a_payer.map(amount).unwrap_or_default(),
            pieces: f.pieces.clone(),
            octets: Octets::new(),
            commentaire: f.commentaire.clone(),
        }
    }

    /// Totals of what is typed so far, ignoring what cannot be read yet (recomputed on each
    /// keystroke; the checks come with « Enregistrer » and « Valider et envoyer »).
    pub fn apercu(&self) -> Totaux {
        let remise = money::parse_montant(&self.remise_globale, "", false).unwrap_or_default();
        match self.mode_depot {
            ModeDepot::SaisiePortail | ModeDepot::UploadPortail => money::totaux(
                self.lignes
                    .iter()
                    .filter_map(|l| Some((l.montant_ht()?, l.taux_value().ok().flatten()?))),
                remise,
            ),
            ModeDepot::DepotPdfPortail => {
                let read = |s: &str| money::parse_montant(s, "", false).unwrap_or_default();
                let (ht, tva) = (read(&self.montant_ht), read(&self.montant_tva));
                let ttc = match money::parse_montant(&self.montant_ttc, "", false) {
                    Ok(ttc) => ttc,
                    Err(_) => ht + tva,
                };
                Totaux {
                    recap: Vec::new(),
                    total_ht: ht,
                    total_tva: tva,
                    total_ttc: ttc,
                    remise_globale: remise,
                    net_a_payer: ttc - remise,
                }
            }
        }
    }
}

impl FormulaireFacture {
    /// What the recipient would be asked to pay, as typed so far (the rule of `Facture::a_payer`).
    pub fn a_payer_apercu(&self, totaux: &Totaux) -> Montant {
        if self.cadre == Cadre::A2 {
            return Montant::ZERO;
        }
        money::parse_montant(&self.montant_a_payer, "", false).unwrap_or(totaux.net_a_payer)
    }
}

impl FormulaireLigne {
    /// The line's HT amount as typed so far: `None` until quantity and price can be read.
    pub fn montant_ht(&self) -> Option<Montant> {
        let q = money::parse_quantite(&self.quantite, "").ok()?;
        let p = money::parse_prix(&self.prix, "").ok()?;
        let r = money::parse_montant(&self.remise, "", false).unwrap_or_default();
        Some(money::montant_ligne(q, p, r))
    }

    fn from_ligne(l: &Ligne) -> FormulaireLigne {
        let (taux, taux_manuel) = match l.taux {
            Some(t) if Taux::STANDARD.contains(&t) => (t.0.to_string(), String::new()),
            Some(t) => (TAUX_MANUEL.to_string(), t.input()),
            None => (String::new(), String::new()),
        };
        FormulaireLigne {
            reference: l.reference.clone(),
            designation: l.designation.clone(),
            quantite: l.quantite.map(|q| q.input()).unwrap_or_default(),
            unite: l.unite.clone(),
            prix: l.prix.map(|p| p.input()).unwrap_or_default(),
            remise: if l.remise == Montant::ZERO {
                String::new()
            } else {
                l.remise.input()
            },
            taux,
            taux_manuel,
        }
    }

    /// The chosen rate; `Ok(None)` when none is chosen yet.
    pub fn taux_value(&self) -> Result<Option<Taux>, String> {
        match self.taux.as_str() {
            "" => Ok(None),
            TAUX_MANUEL => {
                if self.taux_manuel.trim().is_empty() {
                    Ok(None)
                } else {
                    money::parse_taux(&self.taux_manuel, "Taux de TVA manuel").map(Some)
                }
            }
            code => code
                .parse::<u32>()
                .ok()
                .map(Taux)
                .filter(|t| Taux::STANDARD.contains(t))
                .map(Some)
                .ok_or_else(|| "Choisissez un taux de TVA dans la liste.".to_string()),
        }
    }
}

/// The bank accounts an invoice may name: the structure's active ones (an inactive one is
/// refused by the checks).
pub fn coordonnees_proposees(s: &Structure) -> impl Iterator<Item = &CompteBancaire> {
    s.bank_accounts.iter().filter(|b| b.actif)
}

/// The bank account a new invoice proposes: the structure's only active one (with several, the
/// supplier chooses; with none, it adds one in the fiche structure).
pub fn coordonnees_par_defaut(s: &Structure) -> Option<&CompteBancaire> {
    let mut actifs = coordonnees_proposees(s);
    match (actifs.next(), actifs.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// A value typed in one field of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValeurLigne {
    Reference(String),
    Designation(String),
    Quantite(String),
    Unite(String),
    Prix(String),
    Remise(String),
    Taux(String),
    TauxManuel(String),
}

/// An edit of the form, as the page sends it: one value typed or chosen, a line added or
/// removed, attachments added or removed, or a whole new form.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Destinataire(String),
    /// A recipient picked in the annuaire: its identifier, and no code service yet.
    ChoisirDestinataire(String),
    CodeService(String),
    ServiceFournisseur(String),
    CoordonneesBancaires(String),
    Cadre(Cadre),
    Valideur(String),
    ServiceValideur(String),
    Numero(String),
    Date(String),
    TypeFacture(TypeFacture),
    Devise(String),
    TypeTva(TypeTva),
    MotifExoneration(String),
    ModeReglement(String),
    Ej(String),
    Marche(String),
    FactureOrigine(String),
    MontantHt(String),
    MontantTva(String),
    MontantTtc(String),
    RemiseGlobale(String),
    MotifRemise(String),
    MontantAPayer(String),
    Commentaire(String),
    /// A value of the line at `index` (from 0); nothing happens if there is no such line.
    Ligne(usize, ValeurLigne),
    AjouterLigne,
    /// Removes the line at `index`, unless it is the only one.
    SupprimerLigne(usize),
    /// Files read and accepted (see [`FormulaireFacture::fichiers_acceptes`]); the deposited PDF
    /// (`principale`) replaces any previous one.
    AjouterPieces(Vec<PieceLue>),
    RetirerPiece(PieceJointeId),
    /// The commit stored these bytes: they are no longer pending (files chosen meanwhile stay).
    OctetsStockes(Vec<PieceJointeId>),
    /// Starts again from this form (another invoice after a deposit).
    Remplacer(Box<FormulaireFacture>),
}

impl FormulaireFacture {
    /// Applies one edit.
    pub fn appliquer(&mut self, action: Action) {
        match action {
            Action::Destinataire(v) => self.destinataire = v,
            Action::ChoisirDestinataire(v) => {
                self.destinataire = v;
                self.code_service.clear();
            }
            Action::CodeService(v) => self.code_service = v,
            Action::ServiceFournisseur(v) => self.service_fournisseur = v,
            Action::CoordonneesBancaires(v) => self.coordonnees_bancaires = v,
            Action::Cadre(c) => self.cadre = c,
            Action::Valideur(v) => self.valideur = v,
            Action::ServiceValideur(v) => self.service_valideur = v,
            Action::Numero(v) => self.numero = v,
            Action::Date(v) => self.date = v,
            Action::TypeFacture(t) => self.type_facture = t,
            Action::Devise(v) => self.devise = v,
            Action::TypeTva(t) => self.type_tva = t,
            Action::MotifExoneration(v) => self.motif_exoneration = v,
            Action::ModeReglement(v) => self.mode_reglement = v,
            Action::Ej(v) => self.ej = v,
            Action::Marche(v) => self.marche = v,
            Action::FactureOrigine(v) => self.facture_origine = v,
            Action::MontantHt(v) => self.montant_ht = v,
            Action::MontantTva(v) => self.montant_tva = v,
            Action::MontantTtc(v) => self.montant_ttc = v,
            Action::RemiseGlobale(v) => self.remise_globale = v,
            Action::MotifRemise(v) => self.motif_remise = v,
            Action::MontantAPayer(v) => self.montant_a_payer = v,
            Action::Commentaire(v) => self.commentaire = v,
            Action::Ligne(index, valeur) => {
                if let Some(l) = self.lignes.get_mut(index) {
                    l.appliquer(valeur);
                }
            }
            Action::AjouterLigne => self.lignes.push(FormulaireLigne::default()),
            Action::SupprimerLigne(index) => {
                if index < self.lignes.len() && self.lignes.len() > 1 {
                    self.lignes.remove(index);
                }
            }
            Action::AjouterPieces(pieces) => {
                if pieces.iter().any(|(p, _)| p.principale) {
                    let anciennes: Vec<PieceJointeId> = self
                        .pieces
                        .iter()
                        .filter(|p| p.principale)
                        .map(|p| p.id.clone())
                        .collect();
                    for id in anciennes {
                        self.retirer_piece(&id);
                    }
                }
                for (p, octets) in pieces {
                    self.octets.insert(p.id.clone(), octets);
                    self.pieces.push(p);
                }
            }
            Action::RetirerPiece(id) => self.retirer_piece(&id),
            Action::OctetsStockes(ids) => {
                for id in ids {
                    self.octets.remove(&id);
                }
            }
            Action::Remplacer(form) => *self = *form,
        }
    }

    fn retirer_piece(&mut self, id: &PieceJointeId) {
        self.pieces.retain(|p| &p.id != id);
        self.octets.remove(id);
    }

    /// The files just chosen that the portal accepts, ready for [`Action::AjouterPieces`], and
    /// the refusals. `principale`: the deposited PDF (the last valid one is kept: it replaces the
    /// previous one); otherwise complementary attachments, checked against the running total.
    pub fn fichiers_acceptes(
        &self,
        fichiers: Vec<(String, Vec<u8>)>,
        principale: bool,
    ) -> (Vec<PieceLue>, Vec<String>) {
        let deja: u64 = self
            .pieces
            .iter()
            .filter(|p| !(principale && p.principale))
            .map(|p| p.taille)
            .sum();
        if !principale {
            return pieces_acceptees(fichiers, deja);
        }
        let mut added = Vec::new();
        let mut errors = Vec::new();
        for (nom, octets) in fichiers {
            let taille = octets.len() as u64;
            let verdict =
                verifier_piece(&nom, taille, deja).and_then(|_| verifier_pdf(&nom, &octets));
            if let Err(e) = verdict {
                errors.push(e);
                continue;
            }
            // One deposited PDF: the last valid one chosen.
            added.clear();
            let piece = PieceJointe {
                id: PieceJointeId::generate(),
                nom,
                taille,
                principale,
            };
            added.push((piece, Rc::new(octets)));
        }
        (added, errors)
    }

    /// The bytes the commit must store: those of the attachments still in the form.
    pub fn octets_a_stocker(&self) -> Vec<(PieceJointeId, Rc<Vec<u8>>)> {
        self.pieces
            .iter()
            .filter_map(|p| self.octets.get(&p.id).map(|o| (p.id.clone(), o.clone())))
            .collect()
    }
}

impl FormulaireLigne {
    pub fn appliquer(&mut self, valeur: ValeurLigne) {
        match valeur {
            ValeurLigne::Reference(v) => self.reference = v,
            ValeurLigne::Designation(v) => self.designation = v,
            ValeurLigne::Quantite(v) => self.quantite = v,
            ValeurLigne::Unite(v) => self.unite = v,
            ValeurLigne::Prix(v) => self.prix = v,
            ValeurLigne::Remise(v) => self.remise = v,
            ValeurLigne::Taux(v) => self.taux = v,
            ValeurLigne::TauxManuel(v) => self.taux_manuel = v,
        }
    }
}
