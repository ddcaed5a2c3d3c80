//! Pages reached from links in mails: activation, password reset, reactivation.

use crate::ui::components::form::{
    bind, field_error, required_note, success, ErrorSummary, TextField,
};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::kernel::ids::AccountId;
use domain::{compte, compte::mot_de_passe, DomainError, Outcome, Sandbox, Timestamp};
use storage::backend::ActionError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TokenProps {
    pub token: AttrValue,
}

/// The two links that only need a confirmation click: activation and reactivation.
#[derive(Clone, Copy, PartialEq)]
pub enum LinkAction {
    Activation,
    Reactivation,
}

impl LinkAction {
    fn route(self, token: String) -> Route {
        match self {
            LinkAction::Activation => Route::Activation { token },
            LinkAction::Reactivation => Route::Reactivation { token },
        }
    }

    fn command(self) -> fn(&Sandbox, &str, Timestamp) -> Result<Outcome<AccountId>, DomainError> {
        match self {
            LinkAction::Activation => compte::activate,
            LinkAction::Reactivation => compte::reactivate,
        }
    }

    fn help(self) -> &'static str {
        match self {
            LinkAction::Activation => "Ce lien, reçu dans la Messagerie après la création du compte, active le compte. Il est valable 60 minutes (horloge du bac à sable) et ne sert qu'une fois.",
            LinkAction::Reactivation => "Ce lien réactive un compte que son titulaire avait désactivé. Il est valable 60 minutes et ne sert qu'une fois.",
        }
    }

    fn button(self) -> &'static str {
        match self {
            LinkAction::Activation => "Activer mon compte",
            LinkAction::Reactivation => "Réactiver mon compte",
        }
    }

    fn done(self) -> &'static str {
        match self {
            LinkAction::Activation => {
                "Votre compte est activé. Vous pouvez maintenant vous connecter."
            }
            LinkAction::Reactivation => "Votre compte est de nouveau actif.",
        }
    }

    /// Where to ask for a fresh link when this one is dead.
    fn retry(self) -> (Route, &'static str) {
        match self {
            LinkAction::Activation => (
                Route::RenvoyerActivation,
                "Recevoir un nouveau lien d'activation",
            ),
            LinkAction::Reactivation => (
                Route::DemandeReactivation,
                "Recevoir un nouveau lien de réactivation",
            ),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LinkPageProps {
    pub token: AttrValue,
    pub action: LinkAction,
}

/// A link from a mail that is confirmed with one click.
#[component]
pub fn ConfirmLink(props: &LinkPageProps) -> Html {
    let app = use_app();
    let error = use_state(|| None::<ActionError>);
    let done = use_state(|| false);
    let action = props.action;
    let onclick = {
        let (app, error, done, token) = (
            app.clone(),
            error.clone(),
            done.clone(),
            props.token.clone(),
        );
        let command = action.command();
        Callback::from(move |_| match app.run(|sb, now| command(sb, &token, now)) {
            Ok(_) => {
                error.set(None);
                done.set(true);
            }
            Err(e) => error.set(Some(e)),
        })
    };
    let (retry_route, retry_label) = action.retry();
    html! {
        <Page route={action.route(props.token.to_string())} help={html!{ <p>{action.help()}</p> }}>
            if *done {
                {success(html!{ <p><strong>{action.done()}</strong></p> })}
                <p>{link(Route::Connexion, "Se connecter", "bouton")}</p>
            } else {
                <ErrorSummary error={(*error).clone()} fields={vec![]} />
                if error.is_some() {
                    <p>{link(retry_route, retry_label, "")}</p>
                }
                <button type="button" class="bouton" {onclick}>{action.button()}</button>
            }
        </Page>
    }
}

#[derive(Clone, Default, PartialEq)]
struct NewPassword {
    password: String,
    confirmation: String,
}

#[component]
pub fn Reinitialisation(props: &TokenProps) -> Html {
    let app = use_app();
    let form = use_state(NewPassword::default);
    let error = use_state(|| None::<ActionError>);
    let done = use_state(|| false);
    let onsubmit = {
        let (app, form, error, done, token) = (
            app.clone(),
            form.clone(),
            error.clone(),
            done.clone(),
            props.token.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            match app.run(|sb, now| {
                compte::reset_password(sb, &token, &f.password, &f.confirmation, now)
            }) {
                Ok(_) => {
                    error.set(None);
                    form.set(NewPassword::default());
                    done.set(true);
                }
                Err(e) => {
                    form.set(NewPassword::default());
                    error.set(Some(e));
                }
            }
        })
    };
    html! {
        <Page route={Route::Reinitialisation { token: props.token.to_string() }} help={html!{
            <p>{"Choisissez un nouveau mot de passe. Le lien reçu est valable 60 minutes et ne sert qu'une fois."}</p>
        }}>
            if *done {
                {success(html!{ <><p><strong>{"Votre mot de passe a été modifié."}</strong></p></> })}
                <p>{link(Route::Connexion, "Se connecter", "bouton")}</p>
            } else {
                <ErrorSummary error={(*error).clone()} fields={vec![("password", "Nouveau mot de passe"), ("confirmation", "Confirmation")]} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    {required_note()}
                    <fieldset>
                        <legend>{"Nouveau mot de passe"}</legend>
                        <TextField id="password" label="Nouveau mot de passe" input_type="password" required=true
                            hint={Some(AttrValue::Static(mot_de_passe::RULE_TEXT))} autocomplete={Some(AttrValue::Static("new-password"))}
                            value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)} error={field_error(&error, "password")} />
                        <TextField id="confirmation" label="Confirmation" input_type="password" required=true
                            autocomplete={Some(AttrValue::Static("new-password"))}
                            value={form.confirmation.clone()} oninput={bind(&form, |f, v| f.confirmation = v)} error={field_error(&error, "confirmation")} />
                    </fieldset>
                    <div class="actions"><button type="submit" class="bouton">{"Enregistrer le mot de passe"}</button></div>
                </form>
            }
        </Page>
    }
}
