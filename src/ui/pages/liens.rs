//! Pages reached from links in mails: activation, password reset, reactivation.

use crate::ui::components::form::{bind, required_note, success, ErrorSummary, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::compte::{champs, connexion, inscription, mot_de_passe};
use domain::kernel::ids::CompteId;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
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

    fn command(self) -> fn(&Sandbox, &str, Timestamp) -> Result<Outcome<CompteId>, DomainError> {
        match self {
            LinkAction::Activation => inscription::activer_compte,
            LinkAction::Reactivation => connexion::reactiver_compte,
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
    // No one is connected here: the command runs without an actor, its outcome kept by the hook.
    let cmd = use_command();
    let action = props.action;
    let onclick = {
        let (cmd, token) = (cmd.clone(), props.token.clone());
        let command = action.command();
        Callback::from(move |_| {
            let r = cmd.app().run(|sb, now| command(sb, &token, now));
            cmd.show(&r, action.done());
        })
    };
    let fb = cmd.feedback();
    let (retry_route, retry_label) = action.retry();
    html! {
        <Page route={action.route(props.token.to_string())} help={html!{ <p>{action.help()}</p> }}>
            if fb.done.is_some() {
                {success(html!{ <p><strong>{action.done()}</strong></p> })}
                <p>{link(Route::Connexion, "Se connecter", "bouton")}</p>
            } else {
                <ErrorSummary error={fb.error.clone()} />
                if fb.error.is_some() {
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
    let cmd = use_command();
    let form = use_state(NewPassword::default);
    let onsubmit = {
        let (cmd, form, token) = (cmd.clone(), form.clone(), props.token.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let r = cmd.app().run(|sb, now| {
                connexion::reinitialiser_mot_de_passe(sb, &token, &f.password, &f.confirmation, now)
            });
            // The typed passwords are never kept, whatever the outcome.
            form.set(NewPassword::default());
            cmd.show(&r, "Votre mot de passe a été modifié.");
        })
    };
    let fb = cmd.feedback();
    html! {
        <Page route={Route::Reinitialisation { token: props.token.to_string() }} help={html!{
            <p>{"Choisissez un nouveau mot de passe. Le lien reçu est valable 60 minutes et ne sert qu'une fois."}</p>
        }}>
            if fb.done.is_some() {
                {success(html!{ <><p><strong>{"Votre mot de passe a été modifié."}</strong></p></> })}
                <p>{link(Route::Connexion, "Se connecter", "bouton")}</p>
            } else {
                <ErrorSummary error={fb.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    {required_note()}
                    <fieldset>
                        <legend>{"Nouveau mot de passe"}</legend>
                        <TextField id={champs::NOUVEAU_MOT_DE_PASSE.id} label={champs::NOUVEAU_MOT_DE_PASSE.libelle} input_type="password" required=true
                            hint={Some(AttrValue::Static(mot_de_passe::RULE_TEXT))} autocomplete={Some(AttrValue::Static("new-password"))}
                            value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)} error={fb.field(champs::NOUVEAU_MOT_DE_PASSE)} />
                        <TextField id={champs::CONFIRMATION.id} label={champs::CONFIRMATION.libelle} input_type="password" required=true
                            autocomplete={Some(AttrValue::Static("new-password"))}
                            value={form.confirmation.clone()} oninput={bind(&form, |f, v| f.confirmation = v)} error={fb.field(champs::CONFIRMATION)} />
                    </fieldset>
                    <div class="actions"><button type="submit" class="bouton">{"Enregistrer le mot de passe"}</button></div>
                </form>
            }
        </Page>
    }
}
