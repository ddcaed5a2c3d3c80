//! « Mon compte »: identity and contact address, password change, self-deactivation.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{
    bind, checkbox, field_error, required_note, success, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::compte::mot_de_passe;
use domain::compte::{self, Account, ProfileForm};
use domain::facturation::notifications::champs::NOTIFICATIONS_FACTURES;
use domain::kernel::time::datetime_fr;
use std::rc::Rc;
use storage::backend::ActionError;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn MonCompte() -> Html {
    let app = use_app();
    let Some(account) = app.account() else {
        return html! {};
    };
    html! {
        <Page route={Route::MonCompte} help={html!{
            <p>{"Vos informations personnelles. L'adresse de connexion sert d'identifiant et reçoit les liens (activation, mot de passe oublié) ; l'adresse de contact reçoit les notifications. Le gestionnaire principal d'une structure ne peut pas couper les notifications de facturation."}</p>
        }}>
            <section aria-labelledby="titre-infos">
                <h2 id="titre-infos">{"Informations du compte"}</h2>
                <dl class="fiche">
                    <dt>{"Adresse électronique de connexion"}</dt><dd>{account.login_email.clone()}</dd>
                    <dt>{"Statut"}</dt><dd>{account.status.label()}</dd>
                    <dt>{"Créé le"}</dt><dd>{datetime_fr(account.created_at)}</dd>
                    if let Some(t) = account.last_login_at {
                        <dt>{"Dernière connexion"}</dt><dd>{datetime_fr(t)}</dd>
                    }
                </dl>
            </section>
            <IdentityForm account={account.clone()} />
            <NotificationsForm account={account.clone()} />
            <PasswordForm />
            <DeactivateForm />
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct AccountProps {
    account: Rc<Account>,
}

/// « Notifications de facturation »: a mail at each status change of the structure's invoices.
#[component]
fn NotificationsForm(props: &AccountProps) -> Html {
    let app = use_app();
    let feedback = use_state(Feedback::default);
    let onchange = {
        let (app, feedback) = (app.clone(), feedback.clone());
        Callback::from(move |on: bool| {
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let r = app.run(|sb, _| {
                domain::facturation::notifications::regler_notifications(sb, &actor, on)
            });
            feedback.set(Feedback::from(
                r,
                if on {
                    "Vous recevrez les notifications de facturation."
                } else {
                    "Vous ne recevrez plus les notifications de facturation."
                },
            ));
        })
    };
    let fb = &*feedback;
    // The domain says whether they may be switched off (not by a gestionnaire principal).
    let locked = domain::facturation::notifications::regler_notifications(
        &app.sandbox(),
        &props.account.id,
        false,
    )
    .err()
    .and_then(|e| e.for_field(NOTIFICATIONS_FACTURES).map(str::to_string));
    html! {
        <section aria-labelledby="titre-notifications">
            <h2 id="titre-notifications">{"Notifications de facturation"}</h2>
            {fb.done_html()}
            if let Some(reason) = locked {
                <p>{"Vous recevez un message à chaque changement de statut des factures de vos structures. "}{reason}</p>
            } else {
                {checkbox("notifications_factures", "Recevoir un message à chaque changement de statut des factures de mes structures",
                    props.account.notifications_factures, onchange, fb.field(NOTIFICATIONS_FACTURES))}
            }
        </section>
    }
}

fn profile_of(a: &Account) -> ProfileForm {
    ProfileForm {
        nom: a.nom.clone(),
        prenom: a.prenom.clone(),
        telephone: a.telephone.clone().unwrap_or_default(),
        contact_email: a.contact_email.clone(),
    }
}

#[component]
fn IdentityForm(props: &AccountProps) -> Html {
    let app = use_app();
    let form = {
        let a = props.account.clone();
        use_state(move || profile_of(&a))
    };
    let error = use_state(|| None::<ActionError>);
    let saved = use_state(|| false);
    let onsubmit = {
        let (app, form, error, saved) = (app.clone(), form.clone(), error.clone(), saved.clone());
        let actor = props.account.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            match app.run(|sb, _| compte::update_profile(sb, &actor, &f)) {
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        })
    };
    html! {
        <section aria-labelledby="titre-identite">
            <h2 id="titre-identite">{"Identité et contact"}</h2>
            if *saved { {success(html!{ <><p>{"Vos informations ont été enregistrées."}</p></> })} }
            <ErrorSummary id="erreurs-identite" error={(*error).clone()} fields={vec![("nom", "Nom"), ("prenom", "Prénom"), ("telephone", "Téléphone"), ("contact_email", "Adresse électronique de contact")]} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {required_note()}
                <fieldset>
                    <legend>{"Identité"}</legend>
                    <TextField id="nom" label="Nom" required=true value={form.nom.clone()} oninput={bind(&form, |f, v| f.nom = v)} error={field_error(&error, "nom")} />
                    <TextField id="prenom" label="Prénom" required=true value={form.prenom.clone()} oninput={bind(&form, |f, v| f.prenom = v)} error={field_error(&error, "prenom")} />
                    <TextField id="telephone" label="Téléphone" input_type="tel" value={form.telephone.clone()} oninput={bind(&form, |f, v| f.telephone = v)} error={field_error(&error, "telephone")} />
                    <TextField id="contact_email" label="Adresse électronique de contact" input_type="email" required=true
                        hint={Some(AttrValue::Static("Reçoit les notifications (changements de statut des factures, rattachements…)."))}
                        value={form.contact_email.clone()} oninput={bind(&form, |f, v| f.contact_email = v)} error={field_error(&error, "contact_email")} />
                </fieldset>
                <div class="actions"><button type="submit" class="bouton">{"Enregistrer"}</button></div>
            </form>
        </section>
    }
}

#[derive(Clone, Default, PartialEq)]
struct PasswordChange {
    current: String,
    password: String,
    confirmation: String,
}

#[component]
fn PasswordForm() -> Html {
    let app = use_app();
    let form = use_state(PasswordChange::default);
    let error = use_state(|| None::<ActionError>);
    let saved = use_state(|| false);
    let onsubmit = {
        let (app, form, error, saved) = (app.clone(), form.clone(), error.clone(), saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let f = (*form).clone();
            let result = app.run(|sb, now| {
                compte::change_password(sb, &actor, &f.current, &f.password, &f.confirmation, now)
            });
            form.set(PasswordChange::default());
            match result {
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        })
    };
    html! {
        <section aria-labelledby="titre-mdp">
            <h2 id="titre-mdp">{"Modifier mon mot de passe"}</h2>
            if *saved { {success(html!{ <><p>{"Votre mot de passe a été modifié. Un message de confirmation a été envoyé."}</p></> })} }
            <ErrorSummary id="erreurs-mot-de-passe" error={(*error).clone()} fields={vec![("current_password", "Mot de passe actuel"), ("password", "Nouveau mot de passe"), ("confirmation", "Confirmation")]} />
            <form class="formulaire" {onsubmit} novalidate=true>
                <fieldset>
                    <legend>{"Mot de passe"}</legend>
                    <TextField id="current_password" label="Mot de passe actuel" input_type="password" required=true autocomplete={Some(AttrValue::Static("current-password"))}
                        value={form.current.clone()} oninput={bind(&form, |f, v| f.current = v)} error={field_error(&error, "current_password")} />
                    <TextField id="password" label="Nouveau mot de passe" input_type="password" required=true autocomplete={Some(AttrValue::Static("new-password"))}
                        hint={Some(AttrValue::Static(mot_de_passe::RULE_TEXT))}
                        value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)} error={field_error(&error, "password")} />
                    <TextField id="confirmation" label="Confirmation" input_type="password" required=true autocomplete={Some(AttrValue::Static("new-password"))}
                        value={form.confirmation.clone()} oninput={bind(&form, |f, v| f.confirmation = v)} error={field_error(&error, "confirmation")} />
                </fieldset>
                <div class="actions"><button type="submit" class="bouton">{"Modifier le mot de passe"}</button></div>
            </form>
        </section>
    }
}

#[component]
fn DeactivateForm() -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let current = use_state(String::new);
    let error = use_state(|| None::<ActionError>);
    let on_confirm = {
        let (app, current, error) = (app.clone(), current.clone(), error.clone());
        Callback::from(move |_| {
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let pwd = (*current).clone();
            current.set(String::new());
            match app.run(|sb, now| compte::deactivate_self(sb, &actor, &pwd, now)) {
                Ok(()) => {
                    app.logout();
                    if let Some(nav) = &navigator {
                        nav.push(&Route::Connexion);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let oninput = {
        let current = current.clone();
        Callback::from(move |v: String| current.set(v))
    };
    html! {
        <section aria-labelledby="titre-desactiver">
            <h2 id="titre-desactiver">{"Désactiver mon compte"}</h2>
            <p>{"Votre accès sera coupé et vous serez déconnecté(e). Vous pourrez demander la réactivation depuis la page de connexion."}</p>
            <ErrorSummary id="erreurs-desactivation" error={(*error).clone()} fields={vec![("deactivate_password", "Mot de passe")]} />
            <div class="formulaire">
                <TextField id="deactivate_password" label="Mot de passe (pour confirmer)" input_type="password"
                    autocomplete={Some(AttrValue::Static("current-password"))}
                    value={(*current).clone()} {oninput} error={field_error(&error, "deactivate_password")} />
                <ConfirmButton id="desactiver" label="Désactiver mon compte" danger=true
                    question="Désactiver votre compte ? Vous serez déconnecté(e) immédiatement."
                    confirm_label="Oui, désactiver mon compte" {on_confirm} />
            </div>
        </section>
    }
}
