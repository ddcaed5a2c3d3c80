//! An invoice → UN/CEFACT CII D16B, Factur-X profile EN 16931 (the XML embedded in a Factur-X
//! PDF as `factur-x.xml`, and the E1 flow syntax `IN_DP_E1_CII_16B`).

use crate::modele::{decimal, fixed, identifiants, pourcentage, Document};
use crate::xml::Xml;
use chrono::Datelike;
use domain::organisation::structure::Structure;
use std::io;

const NS: [(&str, &str); 4] = [
    (
        "xmlns:rsm",
        "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    ),
    (
        "xmlns:qdt",
        "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    ),
    (
        "xmlns:ram",
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    ),
    (
        "xmlns:udt",
        "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    ),
];

/// The Factur-X EN 16931 profile's guideline identifier (BT-24).
pub const PROFIL_EN16931: &str = "urn:cen.eu:en16931:2017";

/// The CII text of an invoice.
pub fn ecrire(d: &Document) -> String {
    match document(d) {
        Ok(x) => x.finish(),
        // Writing to memory cannot fail; an empty text would be refused by any reader.
        Err(_) => String::new(),
    }
}

fn document(d: &Document) -> io::Result<Xml> {
    let f = d.facture;
    let mut x = Xml::new()?;
    x.open("rsm:CrossIndustryInvoice", &NS)?;

    x.open("rsm:ExchangedDocumentContext", &[])?;
    x.nested(
        "ram:BusinessProcessSpecifiedDocumentContextParameter",
        "ram:ID",
        d.cadre(),
    )?;
    x.nested(
        "ram:GuidelineSpecifiedDocumentContextParameter",
        "ram:ID",
        PROFIL_EN16931,
    )?;
    x.close("rsm:ExchangedDocumentContext")?;

    x.open("rsm:ExchangedDocument", &[])?;
    x.text("ram:ID", &f.numero)?;
    x.text("ram:TypeCode", d.code_type())?;
    x.open("ram:IssueDateTime", &[])?;
    let date = f
        .date
        .map(|d| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()))
        .unwrap_or_default();
    x.leaf("udt:DateTimeString", &[("format", "102")], &date)?;
    x.close("ram:IssueDateTime")?;
    for n in d.notes() {
        x.nested("ram:IncludedNote", "ram:Content", &n)?;
    }
    x.close("rsm:ExchangedDocument")?;

    x.open("rsm:SupplyChainTradeTransaction", &[])?;
    for (i, l) in f.lignes.iter().enumerate() {
        let (Some(q), Some(p)) = (l.quantite, l.prix) else {
            continue;
        };
        let taux = l.taux.unwrap_or_default();
        x.open("ram:IncludedSupplyChainTradeLineItem", &[])?;
        x.open("ram:AssociatedDocumentLineDocument", &[])?;
        x.leaf("ram:LineID", &[], &(i + 1).to_string())?;
        if crate::modele::code_unite(&l.unite) == "C62" && !l.unite.trim().is_empty() {
            x.nested(
                "ram:IncludedNote",
                "ram:Content",
                &format!("Unité : {}", l.unite),
            )?;
        }
        x.close("ram:AssociatedDocumentLineDocument")?;
        x.open("ram:SpecifiedTradeProduct", &[])?;
        x.text("ram:SellerAssignedID", &l.reference)?;
        let nom = if l.designation.trim().is_empty() {
            "Article"
        } else {
            &l.designation
        };
        x.leaf("ram:Name", &[], nom)?;
        x.close("ram:SpecifiedTradeProduct")?;
        x.open("ram:SpecifiedLineTradeAgreement", &[])?;
        x.nested(
            "ram:NetPriceProductTradePrice",
            "ram:ChargeAmount",
            &fixed(i128::from(p.0), 4, 2),
        )?;
        x.close("ram:SpecifiedLineTradeAgreement")?;
        x.open("ram:SpecifiedLineTradeDelivery", &[])?;
        x.leaf(
            "ram:BilledQuantity",
            &[("unitCode", crate::modele::code_unite(&l.unite))],
            &fixed(i128::from(q.0), 4, 0),
        )?;
        x.close("ram:SpecifiedLineTradeDelivery")?;
        x.open("ram:SpecifiedLineTradeSettlement", &[])?;
        x.open("ram:ApplicableTradeTax", &[])?;
        x.leaf("ram:TypeCode", &[], "VAT")?;
        let cat = d.categorie(taux);
        x.leaf("ram:CategoryCode", &[], cat)?;
        if cat != "O" {
            x.leaf("ram:RateApplicablePercent", &[], &pourcentage(taux))?;
        }
        x.close("ram:ApplicableTradeTax")?;
        if l.remise.0 != 0 {
            x.open("ram:SpecifiedTradeAllowanceCharge", &[])?;
            x.nested(
                "ram:ChargeIndicator",
                "udt:Indicator",
                if l.remise.0 > 0 { "false" } else { "true" },
            )?;
            x.leaf(
                "ram:ActualAmount",
                &[],
                &decimal(domain::kernel::money::Montant(l.remise.0.saturating_abs())),
            )?;
            x.leaf(
                "ram:Reason",
                &[],
                if l.remise.0 > 0 {
                    "Remise"
                } else {
                    "Majoration"
                },
            )?;
            x.close("ram:SpecifiedTradeAllowanceCharge")?;
        }
        x.nested(
            "ram:SpecifiedTradeSettlementLineMonetarySummation",
            "ram:LineTotalAmount",
            &decimal(l.montant_ht().unwrap_or_default()),
        )?;
        x.close("ram:SpecifiedLineTradeSettlement")?;
        x.close("ram:IncludedSupplyChainTradeLineItem")?;
    }

    x.open("ram:ApplicableHeaderTradeAgreement", &[])?;
    x.text("ram:BuyerReference", &f.code_service)?;
    partie(
        &mut x,
        "ram:SellerTradeParty",
        d.fournisseur,
        None,
        d.numeros_tva(),
    )?;
    partie(
        &mut x,
        "ram:BuyerTradeParty",
        d.destinataire,
        d.nom_service,
        d.numeros_tva(),
    )?;
    x.nested(
        "ram:BuyerOrderReferencedDocument",
        "ram:IssuerAssignedID",
        &f.ej,
    )?;
    x.nested(
        "ram:ContractReferencedDocument",
        "ram:IssuerAssignedID",
        &f.marche,
    )?;
    for p in &f.pieces {
        x.open("ram:AdditionalReferencedDocument", &[])?;
        x.leaf("ram:IssuerAssignedID", &[], &p.nom)?;
        x.leaf("ram:TypeCode", &[], "916")?;
        x.leaf("ram:Name", &[], &crate::modele::description_piece(p))?;
        x.close("ram:AdditionalReferencedDocument")?;
    }
    x.close("ram:ApplicableHeaderTradeAgreement")?;

    x.open("ram:ApplicableHeaderTradeDelivery", &[])?;
    x.close("ram:ApplicableHeaderTradeDelivery")?;

    x.open("ram:ApplicableHeaderTradeSettlement", &[])?;
    x.leaf("ram:InvoiceCurrencyCode", &[], &f.devise)?;
    if let Some(code) = d.code_paiement() {
        x.open("ram:SpecifiedTradeSettlementPaymentMeans", &[])?;
        x.leaf("ram:TypeCode", &[], code)?;
        if let Some(c) = d.compte_virement() {
            x.nested(
                "ram:PayeePartyCreditorFinancialAccount",
                "ram:IBANID",
                &c.iban,
            )?;
            x.nested(
                "ram:PayeeSpecifiedCreditorFinancialInstitution",
                "ram:BICID",
                &c.bic,
            )?;
        }
        x.close("ram:SpecifiedTradeSettlementPaymentMeans")?;
    }
    for r in &d.totaux.recap {
        let cat = d.categorie(r.taux);
        x.open("ram:ApplicableTradeTax", &[])?;
        x.leaf("ram:CalculatedAmount", &[], &decimal(r.montant_tva))?;
        x.leaf("ram:TypeCode", &[], "VAT")?;
        if let Some(m) = d.motif_exoneration() {
            x.leaf("ram:ExemptionReason", &[], &m)?;
        }
        x.leaf("ram:BasisAmount", &[], &decimal(r.base_ht))?;
        x.leaf("ram:CategoryCode", &[], cat)?;
        if let Some(code) = d.code_exigibilite_cii() {
            x.leaf("ram:DueDateTypeCode", &[], code)?;
        }
        if cat != "O" {
            x.leaf("ram:RateApplicablePercent", &[], &pourcentage(r.taux))?;
        }
        x.close("ram:ApplicableTradeTax")?;
    }
    if let Some(c) = d.conditions_paiement() {
        x.nested("ram:SpecifiedTradePaymentTerms", "ram:Description", &c)?;
    }
    let t = &d.totaux;
    x.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation", &[])?;
    x.leaf("ram:LineTotalAmount", &[], &decimal(t.total_ht))?;
    x.leaf("ram:TaxBasisTotalAmount", &[], &decimal(t.total_ht))?;
    x.leaf(
        "ram:TaxTotalAmount",
        &[("currencyID", f.devise.as_str())],
        &decimal(t.total_tva),
    )?;
    x.leaf("ram:GrandTotalAmount", &[], &decimal(t.total_ttc))?;
    if d.deja_paye().0 != 0 {
        x.leaf("ram:TotalPrepaidAmount", &[], &decimal(d.deja_paye()))?;
    }
    x.leaf("ram:DuePayableAmount", &[], &decimal(d.a_payer()))?;
    x.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation")?;
    x.nested(
        "ram:InvoiceReferencedDocument",
        "ram:IssuerAssignedID",
        &f.facture_origine,
    )?;
    x.close("ram:ApplicableHeaderTradeSettlement")?;

    x.close("rsm:SupplyChainTradeTransaction")?;
    x.close("rsm:CrossIndustryInvoice")?;
    Ok(x)
}

fn partie(
    x: &mut Xml,
    tag: &str,
    s: &Structure,
    service: Option<&str>,
    tva: bool,
) -> io::Result<()> {
    let mut ids = identifiants(s);
    if !tva {
        ids.tva = None;
    }
    x.open(tag, &[])?;
    if let Some(autre) = &ids.autre {
        x.text("ram:ID", autre)?;
    }
    if let Some(siret) = &ids.siret {
        x.leaf("ram:GlobalID", &[("schemeID", "0009")], siret)?;
    }
    x.leaf("ram:Name", &[], &s.raison_sociale)?;
    if let Some(siret) = &ids.siret {
        x.open("ram:SpecifiedLegalOrganization", &[])?;
        x.leaf("ram:ID", &[("schemeID", "0009")], siret)?;
        x.close("ram:SpecifiedLegalOrganization")?;
    }
    if let Some(service) = service {
        x.nested("ram:DefinedTradeContact", "ram:DepartmentName", service)?;
    }
    let a = &s.adresse;
    x.open("ram:PostalTradeAddress", &[])?;
    x.text("ram:PostcodeCode", &a.code_postal)?;
    x.text("ram:LineOne", &a.adresse)?;
    x.text("ram:LineTwo", a.complement1.as_deref().unwrap_or_default())?;
    x.text(
        "ram:LineThree",
        a.complement2.as_deref().unwrap_or_default(),
    )?;
    x.text("ram:CityName", &a.ville)?;
    x.leaf(
        "ram:CountryID",
        &[],
        if a.pays.is_empty() { "FR" } else { &a.pays },
    )?;
    x.close("ram:PostalTradeAddress")?;
    if let Some(tva) = &ids.tva {
        x.open("ram:SpecifiedTaxRegistration", &[])?;
        x.leaf("ram:ID", &[("schemeID", "VA")], tva)?;
        x.close("ram:SpecifiedTaxRegistration")?;
    }
    x.close(tag)
}
