//! The checks of the invoice's lines (saisie) or of the amounts typed on a PDF deposit, each
//! error on its line's typed field (`FieldId::Ligne`).

use super::champs;
use super::{MAX_DESIGNATION, MAX_LIGNES, MAX_REFERENCE, MAX_UNITE};
use crate::facturation::facture::{Facture, Ligne, MontantsDeposes, TypeFacture};
use crate::facturation::saisie::formulaire::{FormulaireFacture, FormulaireLigne};
use crate::kernel::error::{Champ, FieldId, Validator};
use crate::kernel::money::{self, Montant};
use crate::kernel::text;

pub(super) fn lire_lignes(
    v: &mut Validator,
    form: &FormulaireFacture,
    f: &mut Facture,
    complet: bool,
) {
    if form.lignes.len() > MAX_LIGNES {
        v.push(
            champs::LIGNES,
            format!("Une facture saisie compte au plus {MAX_LIGNES} lignes."),
        );
        return;
    }
    let blank = |l: &FormulaireLigne| *l == FormulaireLigne::default();
    let lignes: Vec<&FormulaireLigne> = form.lignes.iter().filter(|l| !blank(l)).collect();
    if lignes.is_empty() && complet {
        v.push(champs::LIGNES, "Ajoutez au moins une ligne à la facture.");
    }
    for (i, l) in form.lignes.iter().enumerate() {
        if blank(l) {
            continue;
        }
        let n = i + 1;
        let field = |champ: Champ| FieldId::Ligne { numero: n, champ };
        let mut ligne = Ligne::default();
        let mut text_field =
            |value: &str, label: &str, champ: Champ, max: usize, required: bool| -> String {
                match text::optional(value, label, max) {
                    Ok(Some(t)) => t,
                    Ok(None) => {
                        if required && complet {
                            v.push(
                                field(champ),
                                format!("Ligne {n} : saisissez la désignation."),
                            );
                        }
                        String::new()
                    }
                    Err(e) => {
                        v.push(field(champ), format!("Ligne {n} : {e}"));
                        String::new()
                    }
                }
            };
        ligne.reference = text_field(
            &l.reference,
            "Référence",
            champs::ligne::REFERENCE,
            MAX_REFERENCE,
            false,
        );
        ligne.designation = text_field(
            &l.designation,
            "Désignation",
            champs::ligne::DESIGNATION,
            MAX_DESIGNATION,
            true,
        );
        ligne.unite = text_field(&l.unite, "Unité", champs::ligne::UNITE, MAX_UNITE, false);
        if l.quantite.trim().is_empty() {
            if complet {
                v.push(
                    field(champs::ligne::QUANTITE),
                    format!("Ligne {n} : saisissez la quantité."),
                );
            }
        } else {
            match money::parse_quantite(&l.quantite, "Quantité") {
                Ok(q) if q.0 == 0 => v.push(field(champs::ligne::QUANTITE), format!("Ligne {n} : la quantité ne peut pas être nulle.")),
                Ok(q) if q.0 < 0 && form.type_facture != TypeFacture::Facture => v.push(
                    field(champs::ligne::QUANTITE),
                    format!("Ligne {n} : une quantité négative n'est possible que sur une facture (ligne de correction) ; sur un avoir ou un acompte, saisissez des quantités positives."),
                ),
                Ok(q) => ligne.quantite = Some(q),
                Err(e) => v.push(field(champs::ligne::QUANTITE), format!("Ligne {n} : {e}")),
            }
        }
        if l.prix.trim().is_empty() {
            if complet {
                v.push(
                    field(champs::ligne::PRIX),
                    format!("Ligne {n} : saisissez le prix unitaire HT."),
                );
            }
        } else {
            match money::parse_prix(&l.prix, "Prix unitaire HT") {
                Ok(p) => ligne.prix = Some(p),
                Err(e) => v.push(field(champs::ligne::PRIX), format!("Ligne {n} : {e}")),
            }
        }
        if !l.remise.trim().is_empty() {
            match money::parse_montant(&l.remise, "Remise HT", false) {
                Ok(r) => ligne.remise = r,
                Err(e) => v.push(field(champs::ligne::REMISE), format!("Ligne {n} : {e}")),
            }
        }
        if let (Some(q), Some(p)) = (ligne.quantite, ligne.prix) {
            let brut = money::montant_brut(q, p);
            if ligne.remise.0 > brut.0.abs() {
                v.push(
                    field(champs::ligne::REMISE),
                    format!(
                        "Ligne {n} : la remise dépasse le montant brut de la ligne ({}).",
                        brut.fr_eur()
                    ),
                );
            }
        }
        match l.taux_value() {
            Ok(Some(t)) if form.type_tva.sans_taxe() && t.0 != 0 => v.push(
                field(champs::ligne::TAUX),
                format!(
                    "Ligne {n} : avec le type de TVA « {} », toutes les lignes sont à 0 %.",
                    form.type_tva.label()
                ),
            ),
            Ok(Some(t)) => ligne.taux = Some(t),
            Ok(None) => {
                if complet {
                    v.push(
                        field(champs::ligne::TAUX),
                        format!("Ligne {n} : choisissez le taux de TVA."),
                    );
                }
            }
            Err(e) => v.push(field(champs::ligne::TAUX), format!("Ligne {n} : {e}")),
        }
        f.lignes.push(ligne);
    }
}

pub(super) fn lire_montants(
    v: &mut Validator,
    form: &FormulaireFacture,
    f: &mut Facture,
    complet: bool,
) {
    let mut read = |value: &str, label: &str, champ: Champ| -> Option<Montant> {
        if value.trim().is_empty() {
            if complet {
                v.push(
                    champ,
                    format!(
                        "Saisissez le {} figurant sur la facture.",
                        label.to_lowercase()
                    ),
                );
            }
            return None;
        }
        match money::parse_montant(value, label, false) {
            Ok(m) => Some(m),
            Err(e) => {
                v.push(champ, e);
                None
            }
        }
    };
    let ht = read(&form.montant_ht, "Montant HT", champs::MONTANT_HT);
    let tva = read(&form.montant_tva, "Montant de TVA", champs::MONTANT_TVA);
    let ttc = read(&form.montant_ttc, "Montant TTC", champs::MONTANT_TTC);
    // Consistency is for sending: a draft may hold amounts still being corrected.
    if let (Some(ht), Some(tva), Some(ttc), true) = (ht, tva, ttc, complet) {
        if ht + tva != ttc {
            v.push(
                champs::MONTANT_TTC,
                format!(
                    "Le total TTC doit être égal au total HT plus la TVA, soit {}.",
                    (ht + tva).fr_eur()
                ),
            );
        } else if form.type_tva.sans_taxe() && tva != Montant::ZERO {
            v.push(
                champs::MONTANT_TVA,
                format!(
                    "Avec le type de TVA « {} », le montant de TVA est 0,00 €.",
                    form.type_tva.label()
                ),
            );
        }
    }
    if ht.is_some() || tva.is_some() || ttc.is_some() {
        f.montants_deposes = Some(MontantsDeposes {
            ht: ht.unwrap_or_default(),
            tva: tva.unwrap_or_default(),
            ttc: ttc.unwrap_or_default(),
        });
    }
}
