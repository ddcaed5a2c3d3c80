//! The home page: what the sandbox is, and where to start.

use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::AppContext;
use crate::ui::route::Route;
use domain::facturation::tableau_de_bord::{a_faire, Tache};
use yew::prelude::*;
use yew_router::prelude::*;

/// Where each thing to do is done.
fn lien_tache(t: Tache) -> Html {
    let (route, requete) = match t {
        Tache::ATraiter(_) => (
            Route::FacturesRecues,
            "statut=MISE_A_DISPOSITION&statut=COMPLETEE",
        ),
        Tache::AReprendre(_) => (
            Route::FacturesEmises,
            "statut=A_RECYCLER&statut=SUSPENDUE&statut=REJETEE",
        ),
        Tache::AAcquitter(_) => (Route::FacturesEmises, "statut=SUSPENDUE&statut=REJETEE"),
        Tache::Brouillons(_) => (Route::Brouillons, ""),
        Tache::AValider(_) => (
            Route::FacturesAValider,
            "statut=A_VALIDER_1&statut=A_VALIDER_2",
        ),
    };
    let href = if requete.is_empty() {
        format!("#{}", route.to_path())
    } else {
        format!("#{}?{requete}", route.to_path())
    };
    html! { <li><a {href}>{t.texte()}</a></li> }
}

/// After login: the structure de travail and what to do there now.
fn maintenant(app: &AppContext, account: &domain::compte::Compte) -> Html {
    let sb = app.sandbox();
    let faire = a_faire(&sb, account);
    html! {
        <section aria-labelledby="titre-maintenant">
            <h2 id="titre-maintenant">{"À faire maintenant"}</h2>
            {match &faire.structure {
                Some(s) => html! {
                    <p>{"Structure de travail : "}{link(Route::FicheStructure { id: s.id.to_string() }, s.display_name().to_string(), "")}</p>
                },
                None => html! {
                    <p>{"Vous n'êtes rattaché(e) à aucune structure : "}{link(Route::PremiereConnexion, "créer votre structure ou demander un rattachement", "")}{"."}</p>
                },
            }}
            if faire.structure.is_some() {
                if faire.taches.is_empty() {
                    <p>{"Rien n'attend votre action pour le moment. "}{link(Route::Facturation, "Aller au domaine Facturation", "")}</p>
                } else {
                    <ul class="taches">{ for faire.taches.iter().map(|t| lien_tache(*t)) }</ul>
                }
            }
        </section>
    }
}

/// A plain view (no hooks of its own): one component type less in the bundle.
pub fn accueil(app: &AppContext) -> Html {
    let account = app.account();
    html! {
        <Page route={Route::Accueil} help={html!{
            <p>{"Cette page présente le bac à sable et les premiers pas. Chaque page a une aide comme celle-ci."}</p>
        }}>
            if let Some(a) = &account {
                <p class="bienvenue">{format!("Bonjour {}, vous êtes connecté(e) avec l'adresse {}.", a.full_name(), a.login_email)}</p>
                {maintenant(app, a)}
            }
            <section aria-labelledby="titre-quoi">
                <h2 id="titre-quoi">{"Un bac à sable pour apprendre Chorus Pro"}</h2>
                <p>{"Chorus Pro est le portail par lequel les fournisseurs des entités publiques (État, collectivités, hôpitaux, établissements publics) déposent leurs factures, et par lequel ces entités les traitent. Ce bac à sable en reproduit le fonctionnement pour s'entraîner sans identifiants, sans Internet et sans risque : comptes, structures, factures et leur cycle de vie, côté fournisseur comme côté entité publique."}</p>
                <p>{"Tout se passe dans votre navigateur : les données sont fictives, enregistrées sur ce poste uniquement, et aucun message n'est réellement envoyé — les e-mails arrivent dans la Messagerie du bac à sable."}</p>
            </section>
            if account.is_none() {
            <section aria-labelledby="titre-etapes">
                <h2 id="titre-etapes">{"Premiers pas"}</h2>
                <ol class="etapes">
                    <li>{"« Créer un compte » avec une adresse fictive (par exemple prenom.nom@exemple.fr)."}</li>
                    <li>{"Ouvrir la « Messagerie » et suivre le lien d'activation (valable 60 minutes)."}</li>
                    <li>{"« Se connecter », puis parcourir les domaines Facturation et Organisation."}</li>
                </ol>
                <div class="actions">
                    {link(Route::CreerCompte, "Créer un compte", "bouton")}
                    {link(Route::Connexion, "Se connecter", "bouton bouton-secondaire")}
                </div>
            </section>
            }
            <section aria-labelledby="titre-domaines">
                <h2 id="titre-domaines">{"Les domaines du portail"}</h2>
                <ul class="tuiles">
                    <li class="tuile">
                        <h3>{"Facturation"}</h3>
                        <p>{"Factures émises (fournisseurs), factures reçues (entités publiques), factures à valider, factures de travaux."}</p>
                        {link(Route::Facturation, "Accéder", "bouton")}
                    </li>
                    <li class="tuile">
                        <h3>{"Organisation"}</h3>
                        <p>{"Structures, services, utilisateurs et habilitations, votre compte."}</p>
                        {link(Route::Organisation, "Accéder", "bouton")}
                    </li>
                </ul>
            </section>
            <section aria-labelledby="titre-formateur">
                <h2 id="titre-formateur">{"Pour le formateur"}</h2>
                <p>
                    {link(Route::Scenarios, "Scénarios de formation", "")}{" : des exercices guidés, vérifiés automatiquement. "}
                    {"L'"}{link(Route::EspaceFormateur, "Espace formateur", "")}
                    {" (réservé au formateur, ouvert avec le code de la session) permet d'avancer l'horloge du bac à sable, de régler les agents simulés, d'exporter ou d'importer tout le bac à sable et de le réinitialiser."}
                </p>
            </section>
        </Page>
    }
}
