//! The portal's « domaines » and their « applications », shaped like the current Portail de services.

use crate::ui::components::page::Page;
use crate::ui::route::Route;
use yew::prelude::*;

/// One application of a domain. `available` says whether this version of the sandbox lets you
/// practise it yet; the description is what it does on the real portal.
struct Application {
    name: &'static str,
    description: &'static str,
    available: Option<Route>,
}

#[derive(Properties, PartialEq)]
struct DomainProps {
    route: Route,
    intro: AttrValue,
    #[prop_or_default]
    applications: Vec<(&'static str, &'static str, Option<Route>)>,
}

#[component]
fn Domain(props: &DomainProps) -> Html {
    let apps = props.applications.iter().map(|(name, description, available)| Application {
        name,
        description,
        available: available.clone(),
    });
    html! {
        <Page route={props.route.clone()} help={html!{
            <p>{"Sur le portail actuel, les fonctions sont rangées par domaines (Facturation, Organisation…), chacun regroupant des applications que l'on ouvre avec « Accéder ». Sur l'ancien portail, ces applications s'appelaient des « espaces » (Factures émises, Factures reçues, Activités du gestionnaire…)."}</p>
        }}>
            <p>{props.intro.clone()}</p>
            <ul class="tuiles">
                { for apps.map(|a| html! {
                    <li class="tuile">
                        <h2>{a.name}</h2>
                        <p>{a.description}</p>
                        if let Some(route) = a.available {
                            <yew_router::prelude::Link<Route> to={route} classes="bouton">{"Accéder"}</yew_router::prelude::Link<Route>>
                        } else {
                            <p class="mention">{"Pas encore disponible dans cette version du bac à sable."}</p>
                        }
                    </li>
                }) }
            </ul>
        </Page>
    }
}

#[component]
pub fn Facturation() -> Html {
    html! {
        <Domain route={Route::Facturation}
            intro="Le domaine Facturation regroupe tout ce qui concerne les factures, côté fournisseur comme côté entité publique."
            applications={vec![
                ("Factures émises", "Côté fournisseur : saisir une facture, déposer une facture PDF, suivre les factures envoyées (Synthèse), traiter les factures suspendues, à recycler ou rejetées.", None),
                ("Factures reçues", "Côté entité publique : consulter les factures reçues, les télécharger et les traiter (suspendre, rejeter, mettre à recycler, service fait, mise en paiement…).", None),
                ("Factures à valider", "Pour le titulaire d'un marché : valider ou refuser les factures de ses sous-traitants et cotraitants (cadres A9 et A12).", None),
                ("Factures de travaux", "Le circuit des marchés de travaux entre fournisseur, maîtrise d'œuvre (MOE) et maîtrise d'ouvrage (MOA).", None),
            ]} />
    }
}

#[component]
pub fn Organisation() -> Html {
    html! {
        <Domain route={Route::Organisation}
            intro="Le domaine Organisation sert à gérer les structures (entreprises, entités publiques), leurs services et leurs utilisateurs."
            applications={vec![
                ("Structures", "Créer ou rejoindre une structure, compléter la fiche structure (adresse, TVA, coordonnées bancaires, paramètres), gérer ses services.", None),
                ("Utilisateurs", "Pour le gestionnaire principal : valider les demandes de rattachement, attribuer les habilitations par application, exporter la liste des utilisateurs.", None),
                ("Mon compte", "Vos informations personnelles, votre mot de passe, la désactivation de votre compte.", Some(Route::MonCompte)),
            ]} />
    }
}
