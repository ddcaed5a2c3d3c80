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

fn domain(route: Route, intro: &'static str, apps: Vec<Application>) -> Html {
    html! {
        <Page {route} help={html!{
            <p>{"Sur le portail actuel, les fonctions sont rangées par domaines (Facturation, Organisation…), chacun regroupant des applications que l'on ouvre avec « Accéder ». Sur l'ancien portail, ces applications s'appelaient des « espaces » (Factures émises, Factures reçues, Activités du gestionnaire…)."}</p>
        }}>
            <p>{intro}</p>
            <ul class="tuiles">
                { for apps.into_iter().map(|a| html! {
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

fn app(name: &'static str, description: &'static str, available: Option<Route>) -> Application {
    Application {
        name,
        description,
        available,
    }
}

pub fn facturation() -> Html {
    domain(
        Route::Facturation,
        "Le domaine Facturation regroupe tout ce qui concerne les factures, côté fournisseur comme côté entité publique.",
        vec![
            app("Factures émises", "Côté fournisseur : saisir une facture, déposer une facture PDF, suivre les factures envoyées (Synthèse), traiter les factures suspendues, à recycler ou rejetées.", Some(Route::FacturesEmises)),
            app("Tableau de bord", "Pour votre structure de travail : les factures qui attendent votre action, le nombre de factures émises et reçues et leur montant TTC par statut.", Some(Route::TableauDeBord)),
            app("Factures reçues", "Côté entité publique : consulter les factures reçues, les télécharger et les traiter (suspendre, rejeter, mettre à recycler, service fait, mise en paiement…).", Some(Route::FacturesRecues)),
            app("Factures à valider", "Pour le titulaire d'un marché : valider ou refuser les factures de ses sous-traitants et cotraitants (cadres A9 et A12).", Some(Route::FacturesAValider)),
            app("Factures de travaux", "Le circuit des marchés de travaux entre fournisseur, maîtrise d'œuvre (MOE) et maîtrise d'ouvrage (MOA) : dossier de facturation, projets de décompte, états d'acompte, décomptes généraux.", Some(Route::FacturesTravaux)),
        ],
    )
}

pub fn organisation() -> Html {
    domain(
        Route::Organisation,
        "Le domaine Organisation sert à gérer les structures (entreprises, entités publiques), leurs services et leurs utilisateurs.",
        vec![
            app("Structures", "Créer ou rejoindre une structure, compléter la fiche structure (adresse, TVA, coordonnées bancaires, paramètres), gérer ses services.", Some(Route::Structures)),
            app("Utilisateurs", "Pour le gestionnaire principal : valider les demandes de rattachement, attribuer les habilitations par application, exporter la liste des utilisateurs (depuis « Mes structures »).", Some(Route::Structures)),
            app("Annuaire des structures publiques", "Rechercher une entité publique destinataire, lire ses paramètres (engagement juridique, code service) et ses services actifs.", Some(Route::Annuaire)),
            app("Mon compte", "Vos informations personnelles, votre mot de passe, la désactivation de votre compte.", Some(Route::MonCompte)),
            app("Sollicitations reçues", "Pour une entité publique : répondre aux questions que des utilisateurs adressent à ses services, demander un complément, transférer au support.", Some(Route::Sollicitation { id: "recues".into() })),
        ],
    )
}
