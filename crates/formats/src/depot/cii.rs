//! CII D16B (`rsm:CrossIndustryInvoice`, Factur-X EN 16931) → the invoice as read.

use super::arbre::Arbre;
use super::{montant, obligatoire, Brut, Erreur, LigneBrute};
use domain::facturation::flux::FactureLue;

const ACCORD: &str = "ApplicableHeaderTradeAgreement";
const REGLEMENT: &str = "ApplicableHeaderTradeSettlement";
const TRANSACTION: &str = "SupplyChainTradeTransaction";

/// A party's identifier: the SIRET (scheme 0009, or the portal's older scheme « 1 »), else any.
fn identifiant(a: &Arbre, partie: Option<usize>) -> String {
    let Some(p) = partie else {
        return String::new();
    };
    for chemin in [
        &["GlobalID"][..],
        &["SpecifiedLegalOrganization", "ID"][..],
        &["ID"][..],
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
    let mut b = Brut {
        ligne: a.ligne(r),
        ..Brut::default()
    };
    let doc = a.chemin(r, &["ExchangedDocument"]);
    let tx = a.chemin(r, &[TRANSACTION]);
    let ligne_de = |n: Option<usize>| n.map(|n| a.ligne(n)).unwrap_or(b.ligne);
    let (ld, lt) = (ligne_de(doc), ligne_de(tx));
    if doc.is_none() {
        obligatoire("", "rsm:ExchangedDocument", "BG-1…BT-3", b.ligne, &mut e);
    }
    if tx.is_none() {
        obligatoire(
            "",
            "rsm:SupplyChainTradeTransaction",
            "BG-25…BG-22",
            b.ligne,
            &mut e,
        );
    }
    b.cadre = a.texte(
        r,
        &[
            "ExchangedDocumentContext",
            "BusinessProcessSpecifiedDocumentContextParameter",
            "ID",
        ],
    );
    if let Some(d) = doc {
        b.numero = a.texte(d, &["ID"]);
        obligatoire(
            &b.numero,
            "rsm:ExchangedDocument/ram:ID",
            "BT-1",
            ld,
            &mut e,
        );
        b.type_code = a.texte(d, &["TypeCode"]);
        obligatoire(&b.type_code, "ram:TypeCode", "BT-3", ld, &mut e);
        let date = a.texte(d, &["IssueDateTime", "DateTimeString"]);
        obligatoire(
            &date,
            "ram:IssueDateTime/udt:DateTimeString",
            "BT-2",
            ld,
            &mut e,
        );
        if !date.is_empty() {
            let ok = date.len() == 8 && date.bytes().all(|c| c.is_ascii_digit());
            match (ok, date.get(0..4), date.get(4..6), date.get(6..8)) {
                (true, Some(y), Some(m), Some(j)) => b.date_iso = format!("{y}-{m}-{j}"),
                _ => e.push((
                    ld,
                    "DATE_INVALIDE",
                    format!(
                        "la date de facture (BT-2) « {} » n'est pas au format 102 (AAAAMMJJ).",
                        super::court(&date, 20)
                    ),
                )),
            }
        }
        for n in a.enfants(d, "IncludedNote") {
            let t = a.texte(n, &["Content"]);
            if !t.is_empty() {
                b.notes.push(t);
            }
        }
    }
    let Some(tx) = tx else {
        return Err(e);
    };
    let accord = a.chemin(tx, &[ACCORD]);
    let reglement = a.chemin(tx, &[REGLEMENT]);
    match accord {
        None => obligatoire(
            "",
            "ram:ApplicableHeaderTradeAgreement",
            "BG-4, BG-7",
            lt,
            &mut e,
        ),
        Some(ac) => {
            b.code_service = a.texte(ac, &["BuyerReference"]);
            let vendeur = a.chemin(ac, &["SellerTradeParty"]);
            let acheteur = a.chemin(ac, &["BuyerTradeParty"]);
            let la = a.ligne(ac);
            obligatoire(
                &vendeur.map(|v| a.texte(v, &["Name"])).unwrap_or_default(),
                "ram:SellerTradeParty/ram:Name",
                "BT-27",
                la,
                &mut e,
            );
            obligatoire(
                &acheteur.map(|v| a.texte(v, &["Name"])).unwrap_or_default(),
                "ram:BuyerTradeParty/ram:Name",
                "BT-44",
                la,
                &mut e,
            );
            b.fournisseur = identifiant(a, vendeur);
            b.destinataire = identifiant(a, acheteur);
            b.ej = a.texte(ac, &["BuyerOrderReferencedDocument", "IssuerAssignedID"]);
            b.marche = a.texte(ac, &["ContractReferencedDocument", "IssuerAssignedID"]);
        }
    }
    match reglement {
        None => obligatoire(
            "",
            "ram:ApplicableHeaderTradeSettlement",
            "BG-22",
            lt,
            &mut e,
        ),
        Some(rg) => {
            let lr = a.ligne(rg);
            b.devise = a.texte(rg, &["InvoiceCurrencyCode"]);
            obligatoire(&b.devise, "ram:InvoiceCurrencyCode", "BT-5", lr, &mut e);
            if let Some(pm) = a.chemin(rg, &["SpecifiedTradeSettlementPaymentMeans"]) {
                b.code_paiement = a.texte(pm, &["TypeCode"]);
                b.iban = a.texte(pm, &["PayeePartyCreditorFinancialAccount", "IBANID"]);
            }
            for t in a.enfants(rg, "ApplicableTradeTax") {
                b.categories.push(a.texte(t, &["CategoryCode"]));
                let motif = a.texte(t, &["ExemptionReason"]);
                if !motif.is_empty() && b.motif_exoneration.is_empty() {
                    b.motif_exoneration = motif;
                }
                let ex = a.texte(t, &["DueDateTypeCode"]);
                if !ex.is_empty() {
                    b.exigibilite = ex;
                }
            }
            b.facture_origine = a.texte(rg, &["InvoiceReferencedDocument", "IssuerAssignedID"]);
            match a.chemin(rg, &["SpecifiedTradeSettlementHeaderMonetarySummation"]) {
                None => obligatoire(
                    "",
                    "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
                    "BG-22",
                    lr,
                    &mut e,
                ),
                Some(s) => {
                    let ls = a.ligne(s);
                    let mut lire = |nom: &str, terme: &str, requis: bool| {
                        let t = a.texte(s, &[nom]);
                        if requis {
                            obligatoire(&t, &format!("ram:{nom}"), terme, ls, &mut e);
                        }
                        montant(&t, &format!("ram:{nom} ({terme})"), ls, &mut e)
                    };
                    b.totaux.lignes = lire("LineTotalAmount", "BT-106", true);
                    b.totaux.ht = lire("TaxBasisTotalAmount", "BT-109", true);
                    b.totaux.tva = lire("TaxTotalAmount", "BT-110", false);
                    b.totaux.ttc = lire("GrandTotalAmount", "BT-112", true);
                    b.totaux.deja_paye = lire("TotalPrepaidAmount", "BT-113", false);
                    b.totaux.a_payer = lire("DuePayableAmount", "BT-115", true);
                }
            }
        }
    }
    for l in a.enfants(tx, "IncludedSupplyChainTradeLineItem") {
        let ll = a.ligne(l);
        let mut lb = LigneBrute {
            note: a.texte(
                l,
                &["AssociatedDocumentLineDocument", "IncludedNote", "Content"],
            ),
            reference: a.texte(l, &["SpecifiedTradeProduct", "SellerAssignedID"]),
            designation: a.texte(l, &["SpecifiedTradeProduct", "Name"]),
            prix: a.texte(
                l,
                &[
                    "SpecifiedLineTradeAgreement",
                    "NetPriceProductTradePrice",
                    "ChargeAmount",
                ],
            ),
            ..LigneBrute::default()
        };
        obligatoire(
            &lb.designation,
            "ram:SpecifiedTradeProduct/ram:Name",
            "BT-153",
            ll,
            &mut e,
        );
        if let Some(q) = a.chemin(l, &["SpecifiedLineTradeDelivery", "BilledQuantity"]) {
            lb.quantite = a.texte(q, &[]);
            lb.code_unite = a.attr(q, "unitCode").unwrap_or_default().to_string();
        }
        obligatoire(&lb.quantite, "ram:BilledQuantity", "BT-129", ll, &mut e);
        obligatoire(
            &lb.prix,
            "ram:NetPriceProductTradePrice/ram:ChargeAmount",
            "BT-146",
            ll,
            &mut e,
        );
        if let Some(st) = a.chemin(l, &["SpecifiedLineTradeSettlement"]) {
            if let Some(t) = a.chemin(st, &["ApplicableTradeTax"]) {
                b.categories.push(a.texte(t, &["CategoryCode"]));
                lb.taux = a.texte(t, &["RateApplicablePercent"]);
            }
            if let Some(ac) = a.chemin(st, &["SpecifiedTradeAllowanceCharge"]) {
                let montant = a.texte(ac, &["ActualAmount"]);
                let charge = a.texte(ac, &["ChargeIndicator", "Indicator"]) == "true";
                lb.remise = if charge {
                    format!("-{montant}")
                } else {
                    montant
                };
            }
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
