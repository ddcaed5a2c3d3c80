//! The three « send me a link » forms: new activation link, forgotten password, reactivation.

use crate::ui::components::form::{required_note, success, ErrorSummary, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::compte::{champs, connexion, inscription};
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use yew::prelude::*;

/// Which link the form asks for.
#[derive(Clone, Copy, PartialEq)]
enum LinkKind {
    Activation,
    Password,
    Reactivation,
}

impl LinkKind {
    fn command(self) -> fn(&Sandbox, &str, Timestamp) -> Result<Outcome, DomainError> {
        match self {
            LinkKind::Activation => inscription::renvoyer_lien_activation,
            LinkKind::Password => connexion::demander_reinitialisation_mot_de_passe,
            LinkKind::Reactivation => connexion::demander_reactivation,
        }
    }
}

#[derive(Properties, PartialEq)]
struct LinkRequestProps {
    route: Route,
    help: AttrValue,
    kind: LinkKind,
    submit: AttrValue,
    done: AttrValue,
}

#[component]
fn LinkRequest(props: &LinkRequestProps) -> Html {
    // No one is connected here: the command runs without an actor, its outcome kept by the hook.
    let cmd = use_command();
    let email = use_state(String::new);
    let onsubmit = {
        let (cmd, email) = (cmd.clone(), email.clone());
        let (command, done) = (props.kind.command(), props.done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let r = cmd.app().run(|sb, now| command(sb, &email, now));
            cmd.show(&r, &done);
        })
    };
    let fb = cmd.feedback();
    let oninput = {
        let email = email.clone();
        Callback::from(move |v: String| email.set(v))
    };
    html! {
        <Page route={props.route.clone()} help={html!{ <p>{props.help.clone()}</p> }}>
            if fb.done.is_some() {
                {success(html!{ <>
                    <p>{props.done.clone()}</p>
                    <p>{link(Route::Messagerie, "Ouvrir la Messagerie", "")}</p>
                </> })}
            }
            <ErrorSummary error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {required_note()}
                <fieldset>
                    <legend>{"Votre compte"}</legend>
                    <TextField id={champs::ADRESSE_CONNEXION.id} label={champs::ADRESSE_CONNEXION.libelle} input_type="email" required=true
                        autocomplete={Some(AttrValue::Static("username"))}
                        value={(*email).clone()} {oninput} error={fb.field(champs::ADRESSE_CONNEXION)} />
                </fieldset>
                <div class="actions"><button type="submit" class="bouton">{props.submit.clone()}</button></div>
            </form>
        </Page>
    }
}

pub fn renvoyer_activation() -> Html {
    html! {
        <LinkRequest route={Route::RenvoyerActivation}
            help="Le lien d'activation n'est valable que 60 minutes. Si vous ne l'avez pas utilisé à temps, demandez-en un nouveau : seul le dernier lien envoyé fonctionne."
            kind={LinkKind::Activation}
            submit="Recevoir un nouveau lien"
            done="Un nouveau lien d'activation a été envoyé dans la Messagerie." />
    }
}

pub fn mot_de_passe_oublie() -> Html {
    html! {
        <LinkRequest route={Route::MotDePasseOublie}
            help="Le lien de réinitialisation est envoyé à l'adresse électronique de connexion (et non à l'adresse de contact), comme sur le portail depuis 2022. Il est valable 60 minutes."
            kind={LinkKind::Password}
            submit="Recevoir un lien de réinitialisation"
            done="Si un compte actif existe pour cette adresse, un lien de réinitialisation vient d'être envoyé dans la Messagerie." />
    }
}

pub fn demande_reactivation() -> Html {
    html! {
        <LinkRequest route={Route::DemandeReactivation}
            help="Un compte désactivé par son titulaire (« Mon compte » → « Désactiver mon compte ») peut être réactivé par un lien envoyé à son adresse de connexion."
            kind={LinkKind::Reactivation}
            submit="Recevoir un lien de réactivation"
            done="Si un compte désactivé existe pour cette adresse, un lien de réactivation vient d'être envoyé dans la Messagerie." />
    }
}
