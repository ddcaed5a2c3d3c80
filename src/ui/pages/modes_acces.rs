//! « Modes d'accès »: the three ways an invoice reaches Chorus Pro (portail, EDI, API « service »),
//! compared, with what the sandbox shows of each (facts §3.3, §5 « Raccordement EDI/API », §6).

use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::route::Route;
use yew::prelude::*;

const LIGNES: [(&str, &str, &str, &str); 6] = [
    ("Pour qui", "Toute structure, sans équipement particulier : petites entreprises, entités publiques.", "Les structures qui émettent ou reçoivent beaucoup de factures depuis leur logiciel de gestion ou par un opérateur de dématérialisation.", "Les éditeurs et les structures dont le logiciel dialogue directement avec le portail."),
    ("Raccordement", "Aucun : un compte utilisateur rattaché à la structure, avec ses habilitations.", "Une fiche de raccordement (domaine « Raccordements EDI/API »), un certificat valide, les paramètres du protocole et des adresses IP ; d'abord en qualification, puis en production.", "Une application déclarée sur PISTE (jeton OAuth2) et un compte technique Chorus Pro ; d'abord en qualification, puis en production."),
    ("Ce qui est envoyé", "La facture saisie champ par champ, ou un PDF déposé avec quelques données de routage.", "Des flux : un fichier par envoi, contenant une ou plusieurs factures (flux E1 structuré, E2 mixte PDF + XML…).", "Des appels : « soumettre » (la facture en JSON, champ par champ) ou « deposer/flux » (un fichier UBL, CII ou Factur-X en base64)."),
    ("Formats", "Formulaire du portail ; PDF ; XML ou Factur-X déposés suivent le circuit des flux.", "UBL 2.1, CII D16B, Factur-X (syntaxes IN_DP_E1_UBL_INVOICE, IN_DP_E1_CII_16B, IN_DP_E2_CII_FACTURX…).", "JSON pour les appels ; les mêmes syntaxes de flux pour « deposer/flux »."),
    ("Suivi", "Les listes « Factures émises » et « Factures reçues », l'historique de chaque facture.", "Un statut par flux (IN_RECU, IN_INTEGRE, IN_REJETE…), un compte rendu, puis le cycle de vie de chaque facture intégrée.", "« consulterCR » / « consulterCRDetaille » pour un flux, « consulterFacture » pour une facture. Une réponse HTTP 200 peut porter une erreur métier (codeRetour différent de 0)."),
    ("Dans le bac à sable", "Saisir, déposer, traiter : tout le portail.", "Sur une facture envoyée : « Télécharger en UBL », « Télécharger en CII », le PDF Factur-X — les fichiers qu'un flux EDI porterait, conformes à la norme EN 16931.", "Sur une facture envoyée : « Voir comme l'API » montre la requête « soumettre » et la requête « deposer/flux » de la même facture."),
];

pub fn modes_acces() -> Html {
    html! {
        <Page route={Route::ModesAcces} help={html!{
            <p>{"Les trois façons d'échanger des factures avec Chorus Pro. Le bac à sable simule le portail ; pour l'EDI et l'API, il montre les fichiers et les requêtes que ces modes échangeraient, sans rien envoyer."}</p>
        }}>
            <p>{"Une facture arrive dans Chorus Pro par l'un de trois modes d'accès. Le destinataire la traite de la même façon quel que soit le mode : seul le canal change."}</p>
            <table class="tableau modes-acces">
                <caption>{"Portail, EDI et API comparés"}</caption>
                <thead><tr>
                    <td></td>
                    <th scope="col">{"Portail"}</th>
                    <th scope="col">{"EDI"}</th>
                    <th scope="col">{"API « service »"}</th>
                </tr></thead>
                <tbody>
                    { for LIGNES.iter().map(|(titre, portail, edi, api)| html! {
                        <tr><th scope="row">{*titre}</th><td>{*portail}</td><td>{*edi}</td><td>{*api}</td></tr>
                    }) }
                </tbody>
            </table>
            <h2>{"Les formats structurés et la norme EN 16931"}</h2>
            <p>{"UBL et CII sont deux syntaxes XML de la même norme européenne EN 16931 : chaque donnée de la facture y a un numéro (BT-…). Le bac à sable place les champs du portail comme la norme le prévoit : le code service en BT-10 (référence acheteur), l'engagement juridique en BT-13 (référence de commande), le numéro de marché en BT-12, la facture d'origine d'un avoir en BT-25, le cadre de facturation en BT-23, les SIRET avec le schéma 0009, le mode de règlement et l'IBAN en BT-81 et BT-84. Ses fichiers passent les contrôles officiels (schémas XSD, schematrons EN 16931 et Factur-X)."}</p>
            <p class="mention">{"Note : l'ancienne pratique de Chorus Pro diffère. Ses flux UBL et CII historiques identifiaient les structures avec le schéma « 1 » au lieu de 0009 et portaient le cadre de facturation ailleurs qu'en BT-23 (une extension propre au portail, ou BT-24). Ces fichiers sont refusés par le schematron EN 16931 (règle BR-CL-11) : le bac à sable ne les produit pas, il les mentionne pour que vous les reconnaissiez."}</p>
            <p class="mention">{"Propre au bac à sable : EN 16931 ne connaît pas de remise globale TTC ; la remise globale d'une facture est portée en « montant déjà payé » (BT-113), avec une note qui la décrit, pour que le montant à payer reste celui du portail. Les conditions de paiement (BT-20) reprennent le mode de règlement."}</p>
            <p>{link(Route::Aide, "Aide et glossaire", "")}{" · "}{link(Route::FacturesEmises, "Factures émises", "")}</p>
        </Page>
    }
}
