//! « Se connecter ».

use crate::ui::components::form::{bind, field_error, required_note, ErrorSummary, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::{compte, organisation::rattachement as rat, simulation::demo};
use storage::backend::ActionError;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Default, PartialEq)]
struct Form {
    email: String,
    password: String,
}

#[derive(Properties, PartialEq)]
pub struct ConnexionProps {
    /// Where to go once connected (a page that asked for a connection).
    #[prop_or_default]
    pub then: Option<Route>,
}

#[component]
pub fn Connexion(props: &ConnexionProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let form = use_state(Form::default);
    let error = use_state(|| None::<ActionError>);

    let onsubmit = {
        let (app, form, error) = (app.clone(), form.clone(), error.clone());
        let then = props.then.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            match app.run(|sb, now| compte::login(sb, &f.email, &f.password, now)) {
                Ok(id) => {
                    error.set(None);
                    let first = rat::needs_first_structure(&app.sandbox(), &id);
                    app.login(id);
                    // Stay on the protected page that asked for a connection (it now renders);
                    // else, without a structure, the portal's first-login choice; else home.
                    if let (Some(nav), None) = (&navigator, &then) {
                        nav.push(if first {
                            &Route::PremiereConnexion
                        } else {
                            &Route::Accueil
                        });
                    }
                }
                Err(e) => {
                    let mut cleared = (*form).clone();
                    cleared.password.clear();
                    form.set(cleared);
                    error.set(Some(e));
                }
            }
        })
    };

    let connected = app.account();
    html! {
        <Page route={Route::Connexion} help={html!{
            <p>{"Connectez-vous avec l'adresse électronique de connexion et le mot de passe choisis à la création du compte. Le compte doit d'abord être activé par le lien reçu dans la Messagerie du bac à sable."}</p>
        }}>
            if props.then.is_some() {
                <p class="alerte alerte-info" role="status">{"Connectez-vous pour accéder à cette page."}</p>
            }
            if let Some(a) = connected {
                <p class="alerte alerte-info">{format!("Vous êtes connecté(e) en tant que {} ({}). Se connecter avec un autre compte remplace cette session dans cet onglet.", a.full_name(), a.login_email)}</p>
            }
            <ErrorSummary error={(*error).clone()} fields={vec![("login_email", "Adresse électronique de connexion"), ("password", "Mot de passe")]} />
            <form class="formulaire" onsubmit={onsubmit} novalidate=true>
                <fieldset>
                    <legend>{"Identifiants"}</legend>
                    {required_note()}
                    <TextField id="login_email" label="Adresse électronique de connexion" input_type="email" required=true
                        autocomplete={Some(AttrValue::Static("username"))}
                        value={form.email.clone()} oninput={bind(&form, |f, v| f.email = v)}
                        error={field_error(&error, "login_email")} />
                    <TextField id="password" label="Mot de passe" input_type="password" required=true
                        autocomplete={Some(AttrValue::Static("current-password"))}
                        value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)}
                        error={field_error(&error, "password")} />
                </fieldset>
                <div class="actions">
                    <button type="submit" class="bouton">{"Se connecter"}</button>
                </div>
            </form>
            <ul class="liens-secondaires">
                <li>{link(Route::MotDePasseOublie, "Mot de passe oublié", "")}</li>
                <li>{link(Route::RenvoyerActivation, "Je n'ai pas reçu le lien d'activation", "")}</li>
                <li>{link(Route::DemandeReactivation, "Réactiver un compte désactivé", "")}</li>
                <li>{link(Route::CreerCompte, "Créer un compte", "")}</li>
            </ul>
            {demo_accounts(&form)}
        </Page>
    }
}

/// The demo accounts, ordinary accounts whose password is shown for quick practice.
fn demo_accounts(form: &UseStateHandle<Form>) -> Html {
    html! {
        <section aria-labelledby="titre-demo">
            <h2 id="titre-demo">{"Comptes de démonstration"}</h2>
            <p>{format!("Pour s'exercer tout de suite, des deux côtés. Mot de passe de chaque compte : {}", demo::DEMO_PASSWORD)}</p>
            <table class="tableau">
                <caption>{"Comptes prêts à l'emploi"}</caption>
                <thead><tr><th scope="col">{"Compte"}</th><th scope="col">{"Rôle"}</th><th scope="col">{"Action"}</th></tr></thead>
                <tbody>
                    { for demo::ACCOUNTS.iter().map(|d| {
                        let onclick = {
                            let form = form.clone();
                            Callback::from(move |_| {
                                form.set(Form { email: d.email.to_string(), password: demo::DEMO_PASSWORD.to_string() });
                                crate::ui::dom::focus("login_email");
                            })
                        };
                        html! {
                            <tr key={d.id}>
                                <td>{format!("{} {}", d.prenom, d.nom)}<br /><span class="mention">{d.email}</span></td>
                                <td>{d.role}</td>
                                <td><button type="button" class="bouton bouton-secondaire" {onclick}>{format!("Utiliser le compte de {} {}", d.prenom, d.nom)}</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}
