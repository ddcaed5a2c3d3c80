//! « Voir comme l'API »: what the Chorus Pro API would carry for this invoice — the
//! « soumettre » request (the invoice field by field) and the « deposer/flux » request (the same
//! invoice as a CII file in base64) — pretty-printed, copyable and downloadable, with what an
//! integrator needs to know (PISTE, technical account, qualification). The requests are written by
//! the formats worker (`browser::formats`).

use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::dom;
use crate::ui::route::Route;
use domain::facturation::cycle;
use domain::kernel::ids::FactureId;
use formats_protocole::{Dossier, Reponse, Requete};
use yew::prelude::*;

const EXPLICATIONS: [&str; 4] = [
    "PISTE : la plateforme d'API de l'État. Le logiciel y déclare une application et obtient un jeton OAuth2 (identifiants client), à joindre à chaque appel.",
    "Compte technique : un utilisateur Chorus Pro réservé au logiciel, rattaché à la structure. Son identifiant et son mot de passe voyagent dans l'en-tête « cpro-account » (encodés en base64).",
    "Qualification : un environnement de test du portail, avec ses propres données (« matelas de données »). Le raccordement s'y fait d'abord, la production ensuite.",
    "Une réponse HTTP 200 peut porter une erreur métier : il faut lire codeRetour (0 = succès) et libelle.",
];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

async fn copier(texte: String) -> Result<(), String> {
    let window = web_sys::window().ok_or("Fenêtre indisponible.")?;
    let promesse = window.navigator().clipboard().write_text(&texte);
    wasm_bindgen_futures::JsFuture::from(promesse)
        .await
        .map(|_| ())
        .map_err(|_| "Le navigateur a refusé la copie : sélectionnez le texte et copiez-le au clavier (Ctrl+C).".to_string())
}

fn bloc(
    id: &'static str,
    titre: &'static str,
    texte: &str,
    fichier: String,
    message: &UseStateHandle<Option<String>>,
) -> Html {
    let copy = {
        let (texte, message) = (texte.to_string(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let (texte, message) = (texte.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                message.set(Some(match copier(texte).await {
                    Ok(()) => format!("{titre} : copié dans le presse-papiers."),
                    Err(e) => e,
                }));
            });
        })
    };
    let download = {
        let (texte, message) = (texte.to_string(), message.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = dom::download(&fichier, "application/json", &texte) {
                message.set(Some(e));
            }
        })
    };
    html! {
        <>
            <p class="actions">
                <button type="button" class="bouton bouton-secondaire" onclick={copy} aria-label={format!("Copier : {titre}")}>{"Copier"}</button>
                <button type="button" class="bouton bouton-secondaire" onclick={download} aria-label={format!("Télécharger : {titre}")}>{"Télécharger (.json)"}</button>
            </p>
            <pre class="json" id={id} tabindex="0" aria-label={titre}><code>{texte.to_string()}</code></pre>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct BlocProps {
    pub id: &'static str,
    pub titre: &'static str,
    pub texte: AttrValue,
    pub fichier: AttrValue,
}

/// One JSON block with its « Copier » and « Télécharger », for a page with no other state (a
/// flux's `consulterCRDetaille` answer).
#[component]
pub fn BlocJson(props: &BlocProps) -> Html {
    let message = use_state(|| None::<String>);
    html! {
        <>
            {bloc(props.id, props.titre, &props.texte, props.fichier.to_string(), &message)}
            if let Some(m) = &*message { <div class="succes"><p>{m.clone()}</p></div> }
        </>
    }
}

#[component]
pub fn FactureApi(props: &Props) -> Html {
    let app = use_app();
    let message = use_state(|| None::<String>);
    // The two requests as the worker wrote them, or why not; `None` while it works.
    let requetes = use_state(|| None::<Result<[String; 4], String>>);
    {
        let (requetes, app, id) = (requetes.clone(), app.clone(), props.id.clone());
        use_effect_with(props.id.clone(), move |_| {
            requetes.set(None);
            let sb = app.sandbox();
            if let Some(f) = sb.factures.get(&FactureId::from(id.as_str())) {
                let dossier = Dossier::de(&sb, f);
                wasm_bindgen_futures::spawn_local(async move {
                    let r =
                        crate::browser::formats::demander(&Requete::Api { dossier }, Vec::new())
                            .await;
                    requetes.set(Some(match r {
                        Ok((
                            Reponse::Api {
                                soumettre,
                                flux,
                                nom_soumettre,
                                nom_flux,
                            },
                            _,
                        )) => Ok([soumettre, flux, nom_soumettre, nom_flux]),
                        Ok(_) => Err("Réponse inattendue du module des formats.".to_string()),
                        Err(e) => Err(e),
                    }));
                });
            }
        });
    }
    let route = Route::FactureApi {
        id: props.id.clone(),
    };
    let sb = app.sandbox();
    let help = html! {
        <p>{"Les requêtes que l'API de Chorus Pro recevrait pour cette facture. Le bac à sable n'envoie rien : il montre ce qu'un logiciel raccordé échangerait avec le portail."}</p>
    };
    let facture = sb
        .factures
        .get(&FactureId::from(props.id.as_str()))
        .cloned();
    let Some(f) = facture else {
        return html! {
            <Page {route} {help}>
                <p class="alerte" role="alert">{"Cette facture n'existe pas (ou plus)."}</p>
                <p>{link(Route::FacturesEmises, "Factures émises — Synthèse", "")}</p>
            </Page>
        };
    };
    // Whoever may consult the invoice (supplier or recipient side) may see its API form.
    let acces = app
        .account()
        .map(|a| cycle::cote(&sb, &a.id, &f))
        .unwrap_or_else(|| Err("Connectez-vous pour consulter cette facture.".to_string()));
    let contenu = match (acces, (*requetes).clone()) {
        (Err(e), _) | (Ok(_), Some(Err(e))) => html! { <p class="alerte" role="alert">{e}</p> },
        (Ok(_), None) => html! { <p role="status">{"Préparation des requêtes…"}</p> },
        (Ok(_), Some(Ok([soumettre, flux, nom_soumettre, nom_flux]))) => {
            html! {
                <>
                    <h2>{"Saisie par l'API : « soumettre »"}</h2>
                    <p>{"POST factures/v1/soumettre : la facture champ par champ, comme le formulaire « Saisir une facture ». Le numéro de facture est dans "}<code>{"numeroFactureSaisi"}</code>{", le destinataire et son code service dans "}<code>{"destinataire"}</code>{", l'engagement juridique dans "}<code>{"references.numeroBonCommande"}</code>{". La réponse donne l'identifiant de la facture créée."}</p>
                    <p class="mention">{"Dans le portail réel, idFournisseur et codeCoordonneesBancairesFournisseur sont des identifiants techniques numériques (obtenus par les services de recherche de structure) ; le bac à sable montre ici ses propres identifiants."}</p>
                    {bloc("json-soumettre", "Requête soumettre", &soumettre, nom_soumettre, &message)}
                    <h2>{"Dépôt d'un flux : « deposer/flux »"}</h2>
                    <p>{"POST factures/v1/deposer/flux : la même facture envoyée comme fichier CII (norme EN 16931), encodé en base64 dans "}<code>{"fichierFlux"}</code>{", avec sa syntaxe "}<code>{"syntaxeFlux"}</code>{". La réponse porte codeRetour, libelle, numeroFluxDepot et dateDepot ; le compte rendu du flux se lit ensuite avec « consulterCRDetaille » (état du flux, erreurs techniques, erreurs par facture)."}</p>
                    {bloc("json-flux", "Requête deposer/flux", &flux, nom_flux, &message)}
                </>
            }
        }
    };
    html! {
        <Page route={route.clone()} {help}>
            <p class="actions">
                {link(Route::Facture { id: props.id.clone() }, "Retour à la facture", "bouton bouton-secondaire")}
                {link(Route::ModesAcces, "Comparer les modes d'accès", "bouton bouton-secondaire")}
            </p>
            <div role="status" class="zone-statut">
                if let Some(m) = &*message { <div class="succes"><p>{m.clone()}</p></div> }
            </div>
            <section class="explication-api">
                <h2>{"Avant d'appeler l'API"}</h2>
                <ul>{ for EXPLICATIONS.iter().map(|e| html! { <li>{*e}</li> }) }</ul>
            </section>
            {contenu}
        </Page>
    }
}
