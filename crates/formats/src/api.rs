//! What the Chorus Pro API would carry for an invoice (facts: formats-facts.md, « API »):
//! - `factures/v1/soumettre`, the invoice keyed in field by field (`modeDepot` SAISIE_API);
//! - `factures/v1/deposer/flux`, the same invoice sent as a CII file (`fichierFlux` in base64,
//!   `syntaxeFlux` IN_DP_E1_CII_16B).
//!
//! Amounts are written as JSON numbers with their exact decimals (never through a float).
//! The sandbox's identifiers stand where the real API wants its numeric technical ids
//! (`idFournisseur`, `codeCoordonneesBancairesFournisseur`): the page says so.

use crate::modele::{decimal, fixed, identifiants, pourcentage, Document};
use base64ct::{Base64, Encoding};
use serde::Serialize;
use serde_json::value::RawValue;

/// A JSON number written from its exact decimal text.
#[derive(Clone, Debug)]
struct Nombre(String);

impl Serialize for Nombre {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

fn vide(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Soumettre {
    mode_depot: &'static str,
    numero_facture_saisi: String,
    date_facture: String,
    destinataire: Destinataire,
    fournisseur: Fournisseur,
    cadre_de_facturation: CadreFacturation,
    references: References,
    ligne_poste: Vec<LignePoste>,
    ligne_tva: Vec<LigneTva>,
    montant_total: MontantTotal,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    piece_jointe_complementaire: Vec<PieceJointe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commentaire: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Destinataire {
    code_destinataire: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_service_executant: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fournisseur {
    id_fournisseur: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_service_fournisseur: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_coordonnees_bancaires_fournisseur: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CadreFacturation {
    code_cadre_facturation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_structure_valideur: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_service_valideur: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct References {
    devise_facture: String,
    type_facture: &'static str,
    type_tva: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode_paiement: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numero_bon_commande: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numero_marche: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numero_facture_origine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    motif_exoneration_tva: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LignePoste {
    ligne_poste_numero: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    ligne_poste_reference: Option<String>,
    ligne_poste_denomination: String,
    ligne_poste_quantite: Nombre,
    ligne_poste_unite: String,
    #[serde(rename = "lignePosteMontantUnitaireHT")]
    ligne_poste_montant_unitaire_ht: Nombre,
    #[serde(
        rename = "lignePosteMontantRemiseHT",
        skip_serializing_if = "Option::is_none"
    )]
    ligne_poste_montant_remise_ht: Option<Nombre>,
    ligne_poste_taux_tva_manuel: Nombre,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LigneTva {
    ligne_tva_taux_manuel: Nombre,
    ligne_tva_montant_base_ht_par_taux: Nombre,
    ligne_tva_montant_tva_par_taux: Nombre,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MontantTotal {
    montant_ht_total: Nombre,
    #[serde(rename = "montantTVA")]
    montant_tva: Nombre,
    montant_ttc_total: Nombre,
    #[serde(
        rename = "montantRemiseGlobaleTTC",
        skip_serializing_if = "Option::is_none"
    )]
    montant_remise_globale_ttc: Option<Nombre>,
    #[serde(
        rename = "motifRemiseGlobaleTTC",
        skip_serializing_if = "Option::is_none"
    )]
    motif_remise_globale_ttc: Option<String>,
    montant_a_payer: Nombre,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PieceJointe {
    piece_jointe_designation: String,
    piece_jointe_id: String,
}

/// The `soumettre` request of an invoice, pretty-printed.
pub fn soumettre(d: &Document) -> String {
    let f = d.facture;
    let t = &d.totaux;
    let code_destinataire = identifiants(d.destinataire)
        .siret
        .unwrap_or_else(|| d.destinataire.identifier.clone());
    // The valideur by its identifier (SIRET), as the API names structures.
    let valideur = match (d.valideur, &f.valideur) {
        (Some(s), _) => Some(s.identifier.clone()),
        (None, Some(v)) => Some(v.to_string()),
        (None, None) => None,
    };
    let corps = Soumettre {
        mode_depot: "SAISIE_API",
        numero_facture_saisi: f.numero.clone(),
        date_facture: f.date.map(crate::modele::date_iso).unwrap_or_default(),
        destinataire: Destinataire {
            code_destinataire,
            code_service_executant: vide(&f.code_service),
        },
        fournisseur: Fournisseur {
            id_fournisseur: f.emetteur.to_string(),
            id_service_fournisseur: vide(&f.service_fournisseur),
            code_coordonnees_bancaires_fournisseur: f
                .coordonnees_bancaires
                .as_ref()
                .map(|c| c.to_string()),
        },
        cadre_de_facturation: CadreFacturation {
            code_cadre_facturation: f.cadre.code(),
            code_structure_valideur: valideur,
            code_service_valideur: vide(&f.service_valideur),
        },
        references: References {
            devise_facture: f.devise.clone(),
            type_facture: f.type_facture.code(),
            type_tva: f.type_tva.code(),
            mode_paiement: f.mode_reglement.map(|m| m.code()),
            numero_bon_commande: vide(&f.ej),
            numero_marche: vide(&f.marche),
            numero_facture_origine: vide(&f.facture_origine),
            motif_exoneration_tva: vide(&f.motif_exoneration),
        },
        ligne_poste: f
            .lignes
            .iter()
            .enumerate()
            .map(|(i, l)| LignePoste {
                ligne_poste_numero: i + 1,
                ligne_poste_reference: vide(&l.reference),
                ligne_poste_denomination: l.designation.clone(),
                ligne_poste_quantite: Nombre(fixed(
                    i128::from(l.quantite.map_or(0, |q| q.0)),
                    4,
                    0,
                )),
                ligne_poste_unite: l.unite.clone(),
                ligne_poste_montant_unitaire_ht: Nombre(fixed(
                    i128::from(l.prix.map_or(0, |p| p.0)),
                    4,
                    2,
                )),
                ligne_poste_montant_remise_ht: (l.remise.0 != 0).then(|| Nombre(decimal(l.remise))),
                ligne_poste_taux_tva_manuel: Nombre(pourcentage(l.taux.unwrap_or_default())),
            })
            .collect(),
        ligne_tva: t
            .recap
            .iter()
            .map(|r| LigneTva {
                ligne_tva_taux_manuel: Nombre(pourcentage(r.taux)),
                ligne_tva_montant_base_ht_par_taux: Nombre(decimal(r.base_ht)),
                ligne_tva_montant_tva_par_taux: Nombre(decimal(r.montant_tva)),
            })
            .collect(),
        montant_total: MontantTotal {
            montant_ht_total: Nombre(decimal(t.total_ht)),
            montant_tva: Nombre(decimal(t.total_tva)),
            montant_ttc_total: Nombre(decimal(t.total_ttc)),
            montant_remise_globale_ttc: (t.remise_globale.0 != 0)
                .then(|| Nombre(decimal(t.remise_globale))),
            motif_remise_globale_ttc: vide(&f.motif_remise),
            montant_a_payer: Nombre(decimal(d.a_payer())),
        },
        piece_jointe_complementaire: f
            .pieces
            .iter()
            .filter(|p| !p.principale)
            .map(|p| PieceJointe {
                piece_jointe_designation: p.nom.clone(),
                piece_jointe_id: p.id.to_string(),
            })
            .collect(),
        commentaire: vide(&f.commentaire),
    };
    serde_json::to_string_pretty(&corps).unwrap_or_default()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeposerFlux {
    fichier_flux: String,
    nom_fichier: String,
    syntaxe_flux: &'static str,
    avec_signature: bool,
}

/// The `deposer/flux` request carrying `xml` (a CII file) as a flow E1, pretty-printed.
pub fn deposer_flux(nom_fichier: &str, xml: &str) -> String {
    let corps = DeposerFlux {
        fichier_flux: Base64::encode_string(xml.as_bytes()),
        nom_fichier: nom_fichier.to_string(),
        syntaxe_flux: "IN_DP_E1_CII_16B",
        avec_signature: false,
    };
    serde_json::to_string_pretty(&corps).unwrap_or_default()
}

/// A file name built from an invoice number: letters, digits, `-` and `_` kept, the rest `_`.
pub fn nom_fichier(numero: &str, extension: &str) -> String {
    let base: String = numero
        .chars()
        .take(40)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let base = if base.is_empty() {
        "facture".to_string()
    } else {
        base
    };
    format!("{base}.{extension}")
}
