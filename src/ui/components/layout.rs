//! What surrounds every page: the permanent training banner, the header with the portal-shaped
//! navigation (domaines → applications) and the user menu, storage alerts, and the footer.

use crate::ui::components::link;
use crate::ui::context::{use_app, AppContext};
use crate::ui::route::Route;
use domain::compte::messagerie;
use domain::kernel::time::datetime_fr;
use storage::backend::{ActionError, ReadOnlyReason, StorageMode};
use yew::prelude::*;
use yew_router::prelude::*;

/// Never removable: the app must not pass for the official portal.
pub fn training_banner() -> Html {
    html! {
        <div class="bandeau-formation" role="note">
            <strong>{"Environnement de formation — données fictives, aucune donnée transmise"}</strong>
            <span>{" · Simulateur non officiel, sans lien avec l'administration."}</span>
        </div>
    }
}

// Plain functions rather than components for stateless pieces: each component type costs
// several kilobytes of generated code in the wasm bundle.
fn nav_item(to: Route, label: &'static str, current: &Route, badge: usize) -> Html {
    let is_current = *current == to;
    html! {
        <li>
            <Link<Route> {to} classes={classes!(is_current.then_some("actif"))}>
                {label}
                if badge > 0 {
                    {{ let n = badge; html! {
                    <span class="pastille">{format!(" {n}")}<span class="visually-hidden">{if n > 1 { " non lus" } else { " non lu" }}</span></span>
                    } }}
                }
            </Link<Route>>
        </li>
    }
}

#[component]
pub fn Header() -> Html {
    let app = use_app();
    let route = use_route::<Route>().unwrap_or(Route::Accueil);
    let navigator = use_navigator();
    let account = app.account();
    let sandbox = app.sandbox();
    let unread = account
        .as_ref()
        .map(|a| {
            messagerie::boite_de_reception(&sandbox, &a.login_email)
                .iter()
                .chain(
                    if a.contact_email != a.login_email {
                        messagerie::boite_de_reception(&sandbox, &a.contact_email)
                    } else {
                        Vec::new()
                    }
                    .iter(),
                )
                .filter(|m| !m.read)
                .count()
        })
        .unwrap_or(0);
    let logout = {
        let app = app.clone();
        Callback::from(move |_| {
            app.logout();
            if let Some(nav) = &navigator {
                nav.push(&Route::Connexion);
            }
        })
    };
    let clock = sandbox.clock.clone();
    let formateur = app.mode_formateur();
    let quitter = {
        let app = app.clone();
        Callback::from(move |_| app.with_backend(|b| b.quitter_formateur()))
    };
    html! {
        <>
        if formateur {
            <div class="bandeau-formateur" role="note" aria-label="Mode formateur">
                <strong>{"Mode formateur"}</strong>
                <span>{" — les outils du formateur sont ouverts dans cet onglet. "}</span>
                <button type="button" class="lien" onclick={quitter}>{"Quitter le mode formateur"}</button>
            </div>
        }
        <header class="entete">
            <div class="entete-haut">
                <Link<Route> to={Route::Accueil} classes="nom-site">
                    {"Bac à sable Chorus Pro"}<span class="sous-titre">{" — simulateur de formation"}</span>
                </Link<Route>>
                <div class="menu-utilisateur">
                    if clock.is_shifted() {
                        <span class="horloge" title="Horloge du bac à sable (avancée par le formateur)">
                            {format!("Horloge : {} ({})", datetime_fr(app.now()), clock.offset_label())}
                        </span>
                    }
                    if let Some(a) = &account {
                        <span class="utilisateur">{a.full_name()}</span>
                        {match domain::organisation::rattachement::structure_de_travail(&sandbox, a) {
                            Some(s) => link(Route::Structures, format!("Structure : {}", s.display_name()), "structure-courante"),
                            None => link(Route::Structures, "Aucune structure", "structure-courante"),
                        }}
                        {link(Route::MonCompte, "Mon compte", "")}
                        <button type="button" class="lien" onclick={logout}>{"Se déconnecter"}</button>
                    } else {
                        {link(Route::Connexion, "Se connecter", "")}
                        {link(Route::CreerCompte, "Créer un compte", "")}
                    }
                </div>
            </div>
            <nav aria-label="Navigation principale" class="navigation">
                <ul>
                    {nav_item(Route::Accueil, "Accueil", &route, 0)}
                    {nav_item(Route::Facturation, "Facturation", &route, 0)}
                    {nav_item(Route::Organisation, "Organisation", &route, 0)}
                    {nav_item(Route::Messagerie, "Messagerie", &route, unread)}
                    {nav_item(Route::Sollicitation { id: "mes".into() }, "Nous contacter", &route, 0)}
                    {nav_item(Route::Aide, "Aide", &route, 0)}
                    if formateur {
                        {nav_item(Route::EspaceFormateur, "Espace formateur", &route, 0)}
                    }
                </ul>
            </nav>
        </header>
        </>
    }
}

/// Page-wide messages about storage: memory-only mode, read-only data, data set aside, and the
/// alert of a failed write with « Exporter mes données ».
pub fn storage_alerts(app: &AppContext) -> Html {
    let (mode, read_only, problems, alert) = {
        let b = app.backend.borrow();
        (
            b.mode.clone(),
            b.read_only_reason(),
            b.has_set_aside(),
            b.alert.clone(),
        )
    };
    let export = {
        let app = app.clone();
        Callback::from(move |_| {
            let app = app.clone();
            // With the attachment bytes (read from IndexedDB); the export panel of the Espace
            // formateur names those exported without them.
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.exporter().await {
                    app.with_backend(|b| b.alert(ActionError::Browser(e)));
                }
            });
        })
    };
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.with_backend(|b| b.dismiss_alert()))
    };
    // A wrapping element, never an empty fragment: the page after it is replaced on every
    // navigation, and Yew 0.23 would lose an empty component's position (see ARCHITECTURE.md).
    html! {
        <div class="alertes-stockage">
            if let Some(error) = alert {
                <div class="alerte alerte-erreur" role="alert">
                    <p>{error.to_string()}</p>
                    <div class="actions">
                        // What answers the failure: keep the data when it could not be written; a
                        // conflict was already reloaded, read-only data cannot be changed here.
                        if offers_export(&error) {
                            <button type="button" class="bouton" onclick={export.clone()}>{"Exporter mes données"}</button>
                        }
                        <button type="button" class="bouton bouton-secondaire" onclick={dismiss}>{"Fermer"}</button>
                    </div>
                </div>
            }
            if let StorageMode::MemoryOnly(reason) = mode {
                <div class="alerte alerte-avertissement" role="status">
                    <p>{format!("Le stockage local du navigateur est indisponible ({reason}). Le bac à sable fonctionne en mémoire : tout sera perdu à la fermeture de l'onglet. Exportez vos données pour les garder.")}</p>
                </div>
            }
            if let Some(reason) = read_only {
                <div class="alerte alerte-avertissement" role="status">
                    <p>{reason.message_fr()}</p>
                    if reason == ReadOnlyReason::Full {
                        <div class="actions">
                            <button type="button" class="bouton" onclick={export.clone()}>{"Exporter mes données"}</button>
                        </div>
                    }
                </div>
            }
            if problems {
                <div class="alerte alerte-avertissement" role="status">
                    <p>
                        {"Certaines données n'ont pas pu être lues et ont été mises de côté sans être effacées. "}
                        {link(Route::Recuperation, "Voir la page de récupération", "")}
                    </p>
                </div>
            }
        </div>
    }
}

/// Whether the page-wide alert offers « Exporter mes données ».
fn offers_export(error: &ActionError) -> bool {
    match error {
        ActionError::Storage(e) => e.offers_export(),
        ActionError::Browser(_) => true,
        ActionError::Domain(_) => false,
    }
}

pub fn footer() -> Html {
    html! {
        <footer class="pied">
            <p>{"Bac à sable Chorus Pro — simulateur de formation non officiel. Toutes les données sont fictives et restent dans ce navigateur : rien n'est envoyé sur Internet."}</p>
            <p>{link(Route::Aide, "Aide et glossaire", "")}</p>
        </footer>
    }
}
