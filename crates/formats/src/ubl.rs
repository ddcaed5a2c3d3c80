//! An invoice → OASIS UBL 2.1 `Invoice`, or `CreditNote` for an avoir, EN 16931 (the E1 flow
//! syntax `IN_DP_E1_UBL_INVOICE`).

use crate::modele::{code_unite, decimal, fixed, identifiants, pourcentage, Document};
use crate::xml::Xml;
use domain::kernel::money::Montant;
use domain::organisation::structure::Structure;
use std::io;

const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/// The UBL text of an invoice.
pub fn ecrire(d: &Document) -> String {
    match document(d) {
        Ok(x) => x.finish(),
        Err(_) => String::new(),
    }
}

fn document(d: &Document) -> io::Result<Xml> {
    let f = d.facture;
    let avoir = d.est_avoir();
    let (racine, ns) = if avoir {
        (
            "CreditNote",
            "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
        )
    } else {
        (
            "Invoice",
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        )
    };
    let devise = f.devise.as_str();
    let cur = [("currencyID", devise)];
    let mut x = Xml::new()?;
    x.open(
        racine,
        &[("xmlns", ns), ("xmlns:cac", CAC), ("xmlns:cbc", CBC)],
    )?;
    x.leaf("cbc:CustomizationID", &[], crate::cii::PROFIL_EN16931)?;
    x.leaf("cbc:ProfileID", &[], d.cadre())?;
    x.text("cbc:ID", &f.numero)?;
    let date = f.date.map(crate::modele::date_iso).unwrap_or_default();
    x.text("cbc:IssueDate", &date)?;
    x.leaf(
        if avoir {
            "cbc:CreditNoteTypeCode"
        } else {
            "cbc:InvoiceTypeCode"
        },
        &[],
        d.code_type(),
    )?;
    for n in d.notes() {
        x.text("cbc:Note", &n)?;
    }
    x.leaf("cbc:DocumentCurrencyCode", &[], devise)?;
    x.text("cbc:BuyerReference", &f.code_service)?;
    if let Some(code) = d.code_exigibilite_ubl() {
        x.nested("cac:InvoicePeriod", "cbc:DescriptionCode", code)?;
    }
    x.nested("cac:OrderReference", "cbc:ID", &f.ej)?;
    if !f.facture_origine.trim().is_empty() {
        x.open("cac:BillingReference", &[])?;
        x.nested("cac:InvoiceDocumentReference", "cbc:ID", &f.facture_origine)?;
        x.close("cac:BillingReference")?;
    }
    x.nested("cac:ContractDocumentReference", "cbc:ID", &f.marche)?;
    for p in &f.pieces {
        x.open("cac:AdditionalDocumentReference", &[])?;
        x.leaf("cbc:ID", &[], &p.nom)?;
        x.leaf(
            "cbc:DocumentDescription",
            &[],
            &crate::modele::description_piece(p),
        )?;
        x.close("cac:AdditionalDocumentReference")?;
    }
    x.open("cac:AccountingSupplierParty", &[])?;
    partie(&mut x, d.fournisseur, None, d.numeros_tva())?;
    x.close("cac:AccountingSupplierParty")?;
    x.open("cac:AccountingCustomerParty", &[])?;
    partie(&mut x, d.destinataire, d.nom_service, d.numeros_tva())?;
    x.close("cac:AccountingCustomerParty")?;
    if let Some(code) = d.code_paiement() {
        x.open("cac:PaymentMeans", &[])?;
        x.leaf("cbc:PaymentMeansCode", &[], code)?;
        if let Some(c) = d.compte_virement() {
            x.open("cac:PayeeFinancialAccount", &[])?;
            x.leaf("cbc:ID", &[], &c.iban)?;
            x.nested("cac:FinancialInstitutionBranch", "cbc:ID", &c.bic)?;
            x.close("cac:PayeeFinancialAccount")?;
        }
        x.close("cac:PaymentMeans")?;
    }
    if let Some(c) = d.conditions_paiement() {
        x.nested("cac:PaymentTerms", "cbc:Note", &c)?;
    }
    let t = &d.totaux;
    x.open("cac:TaxTotal", &[])?;
    x.leaf("cbc:TaxAmount", &cur, &decimal(t.total_tva))?;
    for r in &t.recap {
        x.open("cac:TaxSubtotal", &[])?;
        x.leaf("cbc:TaxableAmount", &cur, &decimal(r.base_ht))?;
        x.leaf("cbc:TaxAmount", &cur, &decimal(r.montant_tva))?;
        categorie(&mut x, "cac:TaxCategory", d, r.taux, true)?;
        x.close("cac:TaxSubtotal")?;
    }
    x.close("cac:TaxTotal")?;
    x.open("cac:LegalMonetaryTotal", &[])?;
    x.leaf("cbc:LineExtensionAmount", &cur, &decimal(t.total_ht))?;
    x.leaf("cbc:TaxExclusiveAmount", &cur, &decimal(t.total_ht))?;
    x.leaf("cbc:TaxInclusiveAmount", &cur, &decimal(t.total_ttc))?;
    if d.deja_paye().0 != 0 {
        x.leaf("cbc:PrepaidAmount", &cur, &decimal(d.deja_paye()))?;
    }
    x.leaf("cbc:PayableAmount", &cur, &decimal(d.a_payer()))?;
    x.close("cac:LegalMonetaryTotal")?;

    let (tag_ligne, tag_qte) = if avoir {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    for (i, l) in f.lignes.iter().enumerate() {
        let (Some(q), Some(p)) = (l.quantite, l.prix) else {
            continue;
        };
        x.open(tag_ligne, &[])?;
        x.leaf("cbc:ID", &[], &(i + 1).to_string())?;
        let unite = code_unite(&l.unite);
        if unite == "C62" && !l.unite.trim().is_empty() {
            x.leaf("cbc:Note", &[], &format!("Unité : {}", l.unite))?;
        }
        x.leaf(
            tag_qte,
            &[("unitCode", unite)],
            &fixed(i128::from(q.0), 4, 0),
        )?;
        x.leaf(
            "cbc:LineExtensionAmount",
            &cur,
            &decimal(l.montant_ht().unwrap_or_default()),
        )?;
        if l.remise.0 != 0 {
            x.open("cac:AllowanceCharge", &[])?;
            x.leaf(
                "cbc:ChargeIndicator",
                &[],
                if l.remise.0 > 0 { "false" } else { "true" },
            )?;
            x.leaf(
                "cbc:AllowanceChargeReason",
                &[],
                if l.remise.0 > 0 {
                    "Remise"
                } else {
                    "Majoration"
                },
            )?;
            x.leaf(
                "cbc:Amount",
                &cur,
                &decimal(Montant(l.remise.0.saturating_abs())),
            )?;
            x.close("cac:AllowanceCharge")?;
        }
        x.open("cac:Item", &[])?;
        let nom = if l.designation.trim().is_empty() {
            "Article"
        } else {
            &l.designation
        };
        x.leaf("cbc:Name", &[], nom)?;
        x.nested("cac:SellersItemIdentification", "cbc:ID", &l.reference)?;
        categorie(
            &mut x,
            "cac:ClassifiedTaxCategory",
            d,
            l.taux.unwrap_or_default(),
            false,
        )?;
        x.close("cac:Item")?;
        x.open("cac:Price", &[])?;
        x.leaf("cbc:PriceAmount", &cur, &fixed(i128::from(p.0), 4, 2))?;
        x.close("cac:Price")?;
        x.close(tag_ligne)?;
    }
    x.close(racine)?;
    Ok(x)
}

fn categorie(
    x: &mut Xml,
    tag: &str,
    d: &Document,
    taux: domain::kernel::money::Taux,
    motif: bool,
) -> io::Result<()> {
    let cat = d.categorie(taux);
    x.open(tag, &[])?;
    x.leaf("cbc:ID", &[], cat)?;
    if cat != "O" {
        x.leaf("cbc:Percent", &[], &pourcentage(taux))?;
    }
    if motif {
        if let Some(m) = d.motif_exoneration() {
            x.leaf("cbc:TaxExemptionReason", &[], &m)?;
        }
    }
    x.nested("cac:TaxScheme", "cbc:ID", "VAT")?;
    x.close(tag)
}

fn partie(x: &mut Xml, s: &Structure, service: Option<&str>, tva: bool) -> io::Result<()> {
    let mut ids = identifiants(s);
    if !tva {
        ids.tva = None;
    }
    x.open("cac:Party", &[])?;
    if let Some(siret) = &ids.siret {
        x.open("cac:PartyIdentification", &[])?;
        x.leaf("cbc:ID", &[("schemeID", "0009")], siret)?;
        x.close("cac:PartyIdentification")?;
    }
    if let Some(autre) = &ids.autre {
        x.nested("cac:PartyIdentification", "cbc:ID", autre)?;
    }
    let a = &s.adresse;
    x.open("cac:PostalAddress", &[])?;
    x.text("cbc:StreetName", &a.adresse)?;
    x.text(
        "cbc:AdditionalStreetName",
        a.complement1.as_deref().unwrap_or_default(),
    )?;
    x.text("cbc:CityName", &a.ville)?;
    x.text("cbc:PostalZone", &a.code_postal)?;
    x.nested(
        "cac:AddressLine",
        "cbc:Line",
        a.complement2.as_deref().unwrap_or_default(),
    )?;
    x.nested(
        "cac:Country",
        "cbc:IdentificationCode",
        if a.pays.is_empty() { "FR" } else { &a.pays },
    )?;
    x.close("cac:PostalAddress")?;
    if let Some(tva) = &ids.tva {
        x.open("cac:PartyTaxScheme", &[])?;
        x.leaf("cbc:CompanyID", &[], tva)?;
        x.nested("cac:TaxScheme", "cbc:ID", "VAT")?;
        x.close("cac:PartyTaxScheme")?;
    }
    x.open("cac:PartyLegalEntity", &[])?;
    x.leaf("cbc:RegistrationName", &[], &s.raison_sociale)?;
    if let Some(siret) = &ids.siret {
        x.leaf("cbc:CompanyID", &[("schemeID", "0009")], siret)?;
    }
    x.close("cac:PartyLegalEntity")?;
    if let Some(service) = service {
        x.nested("cac:Contact", "cbc:Name", service)?;
    }
    x.close("cac:Party")
}
