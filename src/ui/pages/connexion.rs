//! « Se connecter ».

use crate::ui::components::form::{bind, required_note, ErrorSummary, Feedback, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::compte::{champs, connexion};
use domain::{organisation::rattachement as rat, simulation::demo};
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
    // No one is connected yet: the command runs without an actor, its outcome kept by the hook.
    let cmd = use_command();
    let navigator = use_navigator();
    let form = use_state(Form::default);

    let onsubmit = {
        let (cmd, form) = (cmd.clone(), form.clone());
        let then = props.then.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let app = cmd.app();
            match app.run(|sb, now| connexion::se_connecter(sb, &f.email, &f.password, now)) {
                Ok(id) => {
                    cmd.set(Feedback::default());
                    let first = rat::doit_creer_sa_structure(&app.sandbox(), &id);
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
                    cmd.set(Feedback {
                        error: Some(e),
                        done: None,
                    });
                }
            }
        })
    };

    let connected = cmd.app().account();
    let fb = cmd.feedback();
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
            <ErrorSummary error={fb.error.clone()} />
            <form class="formulaire" onsubmit={onsubmit} novalidate=true>
                <fieldset>
                    <legend>{"Identifiants"}</legend>
                    {required_note()}
                    <TextField id={champs::ADRESSE_CONNEXION.id} label={champs::ADRESSE_CONNEXION.libelle} input_type="email" required=true
                        autocomplete={Some(AttrValue::Static("username"))}
                        value={form.email.clone()} oninput={bind(&form, |f, v| f.email = v)}
                        error={fb.field(champs::ADRESSE_CONNEXION)} />
                    <TextField id={champs::MOT_DE_PASSE.id} label={champs::MOT_DE_PASSE.libelle} input_type="password" required=true
                        autocomplete={Some(AttrValue::Static("current-password"))}
                        value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)}
                        error={fb.field(champs::MOT_DE_PASSE)} />
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
                                crate::ui::dom::focus(champs::ADRESSE_CONNEXION.id);
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
