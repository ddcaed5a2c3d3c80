// Dépôt de flux (issue 15): two CII files chosen at once on « Déposer une facture », one valid and
// one to a recipient that requires an engagement juridique without it; the flux moves on the
// sandbox clock and ends IN_INTEGRE_PARTIEL; the compte rendu names the second invoice's error;
// the first invoice is in Factures émises. A hostile file is refused and deposits nothing. The
// files are generated here, at run time.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const CLAIRE = 'claire.durand@menuiserie-durand.example';
const DEMO_PASSWORD = 'Bac-a-sable-2026';
const MENUISERIE = '95000011700016';
const IBAN = 'FR7630006000011234567890189';
// Commune de Val-Fleuri: no parameter required. Université de Rivebelle: EJ obligatoire.
const FLEURI = '92466209100496';
const UNIVERSITE = '94246602000131';

/** A CII D16B (Factur-X EN 16931) invoice: 2 × 300,00 € HT at 20 %. */
function cii({ numero, acheteur, nomAcheteur, date }) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>A1</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${numero}</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${date}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Fenêtre en chêne</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>300.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>600.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:GlobalID schemeID="0009">${MENUISERIE}</ram:GlobalID>
        <ram:Name>Menuiserie Durand et Fils</ram:Name>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:GlobalID schemeID="0009">${acheteur}</ram:GlobalID>
        <ram:Name>${nomAcheteur}</ram:Name>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>30</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${IBAN}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>120.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>600.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
        <ram:DueDateTypeCode>5</ram:DueDateTypeCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>600.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>600.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">120.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>720.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>720.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}

/** A week ago as CII writes a date (AAAAMMJJ). */
function semainePassee() {
  const d = new Date(Date.now() - 7 * 86_400_000);
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

const fichier = (name, text) => ({ name, mimeType: 'application/xml', buffer: Buffer.from(text, 'utf-8') });

test('dépôt de flux : deux factures CII, une intégrée, une en erreur (EJ) ; IN_INTEGRE_PARTIEL ; fichier hostile refusé', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const w = h.watch(page, baseURL);
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  const date = semainePassee();

  // A hostile file is refused with its reason; nothing is deposited.
  await h.open(page, '/factures-emises/depot');
  const lol = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>';
  await page.locator('#fichiers-flux').setInputFiles([fichier('lol.xml', lol)]);
  await expect(page.locator('#fichiers-flux-erreur')).toContainText('Le fichier « lol.xml » est refusé');
  await expect(page.locator('#fichiers-flux-erreur')).toContainText('DOCTYPE');
  await expect(page.getByRole('button', { name: 'Déposer le flux' })).toBeDisabled();
  await h.checkA11y(page);

  // Two CII files chosen at once.
  await page.locator('#fichiers-flux').setInputFiles([
    fichier('valide.xml', cii({ numero: 'FLX-001', acheteur: FLEURI, nomAcheteur: 'Commune de Val-Fleuri', date })),
    fichier('sans-ej.xml', cii({ numero: 'FLX-002', acheteur: UNIVERSITE, nomAcheteur: 'Université de Rivebelle', date })),
  ]);
  await expect(page.getByText('2 fichiers prêts à déposer (2 factures lues) : valide.xml, sans-ej.xml.')).toBeVisible();
  await expect(page.locator('#fichiers-flux-erreur')).toHaveCount(0);
  await page.getByRole('button', { name: 'Déposer le flux' }).click();
  await expect(page.locator('h1')).toHaveText(/^Flux n° CPP\d{11}$/);
  const numero = (await page.locator('h1').textContent()).replace('Flux n° ', '');
  await expect(page.locator('.fiche')).toContainText('IN_RECU');
  await expect(page.getByText('Le flux est en cours de traitement')).toBeVisible();
  await h.checkA11y(page);

  // The trainer's clock: an hour later the flux is processed.
  await h.enterTrainerMode(page);
  await page.getByRole('button', { name: 'Avancer de 1 heure' }).click();
  await h.open(page, '/factures-emises/flux');
  await h.checkA11y(page);
  const ligne = page.getByRole('row', { name: new RegExp(numero) });
  await expect(ligne).toContainText('Intégré partiellement');
  await expect(ligne).toContainText('IN_DP_E1_CII_16B');
  await ligne.getByRole('link', { name: numero }).click();
  await expect(page.locator('h1')).toHaveText(`Flux n° ${numero}`);
  for (const s of ['IN_RECU', 'IN_TRAITE_SE_CPP', 'IN_EN_ATTENTE_TRAITEMENT_CPP', 'IN_EN_COURS_TRAITEMENT_CPP', 'IN_INTEGRE_PARTIEL']) {
    await expect(page.getByRole('cell', { name: new RegExp(s) })).toBeVisible();
  }
  const erreurs = page.getByRole('table').filter({ hasText: 'Libellé de l\'erreur' });
  await expect(erreurs.getByRole('row')).toHaveCount(2);
  await expect(erreurs).toContainText('FLX-002');
  await expect(erreurs).toContainText('BT-13');
  await expect(erreurs).toContainText("engagement juridique");
  await expect(erreurs).not.toContainText('FLX-001');
  // The same compte rendu as the API's consulterCRDetaille answer.
  await page.getByText("Voir comme l'API (consulterCRDetaille)").click();
  const cr = JSON.parse(await page.locator('#json-cr-flux').textContent());
  expect(cr.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
  expect(cr.listeErreurDP.map((e) => e.numeroDP)).toEqual(['FLX-002']);
  expect(cr.listeErreurDP[0].libelleErreurDP).toContain('BT-13');
  expect(cr.listeErreurTechnique).toEqual([]);
  await h.checkA11y(page);

  // The first invoice is in Factures émises, deposited as a flux.
  await page.getByRole('link', { name: 'FLX-001', exact: true }).click();
  await expect(page.locator('h1')).toHaveText('Facture n° FLX-001');
  await expect(page.getByText('Dépôt d\'un flux (UBL, CII, Factur-X) sur le portail')).toBeVisible();
  await h.open(page, '/factures-emises');
  await expect(page.getByRole('link', { name: 'FLX-001', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'FLX-002', exact: true })).toHaveCount(0);
  await w.verify();
});
