//! UBL 2.1 `Invoice` / `CreditNote` (EN 16931) → the invoice as read.

use super::arbre::Arbre;
use super::{montant, obligatoire, Brut, Erreur, LigneBrute};
use domain::facturation::flux::FactureLue;

/// A party's identifier: PartyIdentification (SIRET with scheme 0009, or any), else the legal
/// entity's CompanyID.
fn identifiant(a: &Arbre, partie: Option<usize>) -> String {
    let Some(p) = partie else {
        return String::new();
    };
    for chemin in [
        &["PartyIdentification", "ID"][..],
        &["PartyLegalEntity", "CompanyID"][..],
    ] {
        let t = a.texte(p, chemin);
        if !t.is_empty() {
            return t;
        }
    }
    String::new()
}

pub fn lire(a: &Arbre) -> Result<FactureLue, Vec<Erreur>> {
    let mut e = Vec::new();
    let r = 0;
    let avoir = a.noeud(r).is_some_and(|n| n.nom == "CreditNote");
    let l0 = a.ligne(r);
    let mut b = Brut {
        ligne: l0,
        cadre: a.texte(r, &["ProfileID"]),
        numero: a.texte(r, &["ID"]),
        type_code: a.texte(
            r,
            &[if avoir {
                "CreditNoteTypeCode"
            } else {
                "InvoiceTypeCode"
            }],
        ),
        date_iso: a.texte(r, &["IssueDate"]),
        devise: a.texte(r, &["DocumentCurrencyCode"]),
        code_service: a.texte(r, &["BuyerReference"]),
        ej: a.texte(r, &["OrderReference", "ID"]),
        marche: a.texte(r, &["ContractDocumentReference", "ID"]),
        facture_origine: a.texte(r, &["BillingReference", "InvoiceDocumentReference", "ID"]),
        exigibilite: a.texte(r, &["InvoicePeriod", "DescriptionCode"]),
        ..Brut::default()
    };
    let ligne = |nom: &str| a.chemin(r, &[nom]).map(|n| a.ligne(n)).unwrap_or(l0);
    obligatoire(&b.numero, "cbc:ID", "BT-1", l0, &mut e);
    obligatoire(
        &b.type_code,
        if avoir {
            "cbc:CreditNoteTypeCode"
        } else {
            "cbc:InvoiceTypeCode"
        },
        "BT-3",
        l0,
        &mut e,
    );
    obligatoire(&b.date_iso, "cbc:IssueDate", "BT-2", l0, &mut e);
    obligatoire(&b.devise, "cbc:DocumentCurrencyCode", "BT-5", l0, &mut e);
    for n in a.enfants(r, "Note") {
        let t = a.texte(n, &[]);
        if !t.is_empty() {
            b.notes.push(t);
        }
    }
    let vendeur = a.chemin(r, &["AccountingSupplierParty", "Party"]);
    let acheteur = a.chemin(r, &["AccountingCustomerParty", "Party"]);
    obligatoire(
        &vendeur
            .map(|p| a.texte(p, &["PartyLegalEntity", "RegistrationName"]))
            .unwrap_or_default(),
        "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
        "BT-27",
        ligne("AccountingSupplierParty"),
        &mut e,
    );
    obligatoire(
        &acheteur
            .map(|p| a.texte(p, &["PartyLegalEntity", "RegistrationName"]))
            .unwrap_or_default(),
        "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
        "BT-44",
        ligne("AccountingCustomerParty"),
        &mut e,
    );
    b.fournisseur = identifiant(a, vendeur);
    b.destinataire = identifiant(a, acheteur);
    if let Some(pm) = a.chemin(r, &["PaymentMeans"]) {
        b.code_paiement = a.texte(pm, &["PaymentMeansCode"]);
        b.iban = a.texte(pm, &["PayeeFinancialAccount", "ID"]);
    }
    let lt = ligne("TaxTotal");
    if let Some(tt) = a.chemin(r, &["TaxTotal"]) {
        b.totaux.tva = montant(
            &a.texte(tt, &["TaxAmount"]),
            "cac:TaxTotal/cbc:TaxAmount (BT-110)",
            lt,
            &mut e,
        );
        for st in a.enfants(tt, "TaxSubtotal") {
            b.categories.push(a.texte(st, &["TaxCategory", "ID"]));
            let motif = a.texte(st, &["TaxCategory", "TaxExemptionReason"]);
            if !motif.is_empty() && b.motif_exoneration.is_empty() {
                b.motif_exoneration = motif;
            }
        }
    }
    match a.chemin(r, &["LegalMonetaryTotal"]) {
        None => obligatoire("", "cac:LegalMonetaryTotal", "BG-22", l0, &mut e),
        Some(s) => {
            let ls = a.ligne(s);
            let mut lire = |nom: &str, terme: &str, requis: bool| {
                let t = a.texte(s, &[nom]);
                if requis {
                    obligatoire(&t, &format!("cbc:{nom}"), terme, ls, &mut e);
                }
                montant(&t, &format!("cbc:{nom} ({terme})"), ls, &mut e)
            };
            b.totaux.lignes = lire("LineExtensionAmount", "BT-106", true);
            b.totaux.ht = lire("TaxExclusiveAmount", "BT-109", true);
            b.totaux.ttc = lire("TaxInclusiveAmount", "BT-112", true);
            b.totaux.deja_paye = lire("PrepaidAmount", "BT-113", false);
            b.totaux.a_payer = lire("PayableAmount", "BT-115", true);
        }
    }
    let (tag, qte) = if avoir {
        ("CreditNoteLine", "CreditedQuantity")
    } else {
        ("InvoiceLine", "InvoicedQuantity")
    };
    for l in a.enfants(r, tag) {
        let ll = a.ligne(l);
        let mut lb = LigneBrute {
            note: a.texte(l, &["Note"]),
            reference: a.texte(l, &["Item", "SellersItemIdentification", "ID"]),
            designation: a.texte(l, &["Item", "Name"]),
            prix: a.texte(l, &["Price", "PriceAmount"]),
            taux: a.texte(l, &["Item", "ClassifiedTaxCategory", "Percent"]),
            ..LigneBrute::default()
        };
        b.categories
            .push(a.texte(l, &["Item", "ClassifiedTaxCategory", "ID"]));
        obligatoire(&lb.designation, "cac:Item/cbc:Name", "BT-153", ll, &mut e);
        if let Some(q) = a.chemin(l, &[qte]) {
            lb.quantite = a.texte(q, &[]);
            lb.code_unite = a.attr(q, "unitCode").unwrap_or_default().to_string();
        }
        obligatoire(&lb.quantite, &format!("cbc:{qte}"), "BT-129", ll, &mut e);
        obligatoire(&lb.prix, "cac:Price/cbc:PriceAmount", "BT-146", ll, &mut e);
        if let Some(ac) = a.chemin(l, &["AllowanceCharge"]) {
            let m = a.texte(ac, &["Amount"]);
            let charge = a.texte(ac, &["ChargeIndicator"]) == "true";
            lb.remise = if charge { format!("-{m}") } else { m };
        }
        b.lignes.push(lb);
    }
    let f = b.facture(&mut e);
    if e.is_empty() {
        Ok(f)
    } else {
        Err(e)
    }
}
