//! « Mon compte »: identity and contact address, password change, self-deactivation.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{
    bind, checkbox, required_note, success, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::page::Page;
use crate::ui::context::AppContext;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::compte::profil::{self, FormulaireProfil};
use domain::compte::{champs, mot_de_passe, Compte};
use domain::facturation::notifications::champs::NOTIFICATIONS_FACTURES;
use domain::kernel::time::datetime_fr;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

pub fn mon_compte(app: &AppContext) -> Html {
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
    account: Rc<Compte>,
}

/// « Notifications de facturation »: a mail at each status change of the structure's invoices.
#[component]
fn NotificationsForm(props: &AccountProps) -> Html {
    let cmd = use_command();
    let onchange = {
        let cmd = cmd.clone();
        Callback::from(move |on: bool| {
            let done = if on {
                "Vous recevrez les notifications de facturation."
            } else {
                "Vous ne recevrez plus les notifications de facturation."
            };
            cmd.run(done, |sb, actor, _| {
                domain::facturation::notifications::regler_notifications(sb, actor, on)
            });
        })
    };
    let fb = cmd.feedback();
    // The domain says whether they may be switched off (not by a gestionnaire principal).
    let locked = domain::facturation::notifications::notifications_imposees(
        &cmd.app().sandbox(),
        &props.account.id,
    );
    html! {
        <section aria-labelledby="titre-notifications">
            <h2 id="titre-notifications">{"Notifications de facturation"}</h2>
            {fb.done_html()}
            if let Some(reason) = locked {
                <p>{"Vous recevez un message à chaque changement de statut des factures de vos structures. "}{reason}</p>
            } else {
                {checkbox(NOTIFICATIONS_FACTURES.id, "Recevoir un message à chaque changement de statut des factures de mes structures",
                    props.account.notifications_factures, onchange, fb.field(NOTIFICATIONS_FACTURES))}
            }
        </section>
    }
}

#[component]
fn IdentityForm(props: &AccountProps) -> Html {
    let cmd = use_command();
    let form = {
        let a = props.account.clone();
        use_state(move || FormulaireProfil::of(&a))
    };
    let onsubmit = {
        let (cmd, form) = (cmd.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            cmd.run(
                "Vos informations ont été enregistrées.",
                |sb, actor, _| profil::modifier_profil(sb, actor, &f),
            );
        })
    };
    let fb = cmd.feedback();
    html! {
        <section aria-labelledby="titre-identite">
            <h2 id="titre-identite">{"Identité et contact"}</h2>
            if let Some(done) = &fb.done { {success(html!{ <><p>{done.clone()}</p></> })} }
            <ErrorSummary id="erreurs-identite" error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {required_note()}
                <fieldset>
                    <legend>{"Identité"}</legend>
                    <TextField id={champs::NOM.id} label={champs::NOM.libelle} required=true value={form.nom.clone()} oninput={bind(&form, |f, v| f.nom = v)} error={fb.field(champs::NOM)} />
                    <TextField id={champs::PRENOM.id} label={champs::PRENOM.libelle} required=true value={form.prenom.clone()} oninput={bind(&form, |f, v| f.prenom = v)} error={fb.field(champs::PRENOM)} />
                    <TextField id={champs::TELEPHONE.id} label={champs::TELEPHONE.libelle} input_type="tel" value={form.telephone.clone()} oninput={bind(&form, |f, v| f.telephone = v)} error={fb.field(champs::TELEPHONE)} />
                    <TextField id={champs::ADRESSE_CONTACT.id} label={champs::ADRESSE_CONTACT.libelle} input_type="email" required=true hint={Some(AttrValue::Static("Reçoit les notifications (changements de statut des factures, rattachements…)."))} value={form.contact_email.clone()} oninput={bind(&form, |f, v| f.contact_email = v)} error={fb.field(champs::ADRESSE_CONTACT)} />
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
    let cmd = use_command();
    let form = use_state(PasswordChange::default);
    let onsubmit = {
        let (cmd, form) = (cmd.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            // The typed passwords are never kept, whatever the outcome.
            form.set(PasswordChange::default());
            cmd.run(
                "Votre mot de passe a été modifié. Un message de confirmation a été envoyé.",
                |sb, actor, now| {
                    profil::modifier_mot_de_passe(
                        sb,
                        actor,
                        &f.current,
                        &f.password,
                        &f.confirmation,
                        now,
                    )
                },
            );
        })
    };
    let fb = cmd.feedback();
    html! {
        <section aria-labelledby="titre-mdp">
            <h2 id="titre-mdp">{"Modifier mon mot de passe"}</h2>
            if let Some(done) = &fb.done { {success(html!{ <><p>{done.clone()}</p></> })} }
            <ErrorSummary id="erreurs-mot-de-passe" error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                <fieldset>
                    <legend>{"Mot de passe"}</legend>
                    <TextField id={champs::MOT_DE_PASSE_ACTUEL.id} label={champs::MOT_DE_PASSE_ACTUEL.libelle} input_type="password" required=true autocomplete={Some(AttrValue::Static("current-password"))} value={form.current.clone()} oninput={bind(&form, |f, v| f.current = v)} error={fb.field(champs::MOT_DE_PASSE_ACTUEL)} />
                    <TextField id={champs::NOUVEAU_MOT_DE_PASSE.id} label={champs::NOUVEAU_MOT_DE_PASSE.libelle} input_type="password" required=true autocomplete={Some(AttrValue::Static("new-password"))} hint={Some(AttrValue::Static(mot_de_passe::RULE_TEXT))} value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)} error={fb.field(champs::NOUVEAU_MOT_DE_PASSE)} />
                    <TextField id={champs::CONFIRMATION.id} label={champs::CONFIRMATION.libelle} input_type="password" required=true autocomplete={Some(AttrValue::Static("new-password"))} value={form.confirmation.clone()} oninput={bind(&form, |f, v| f.confirmation = v)} error={fb.field(champs::CONFIRMATION)} />
                </fieldset>
                <div class="actions"><button type="submit" class="bouton">{"Modifier le mot de passe"}</button></div>
            </form>
        </section>
    }
}

#[component]
fn DeactivateForm() -> Html {
    let cmd = use_command();
    let navigator = use_navigator();
    let current = use_state(String::new);
    let on_confirm = {
        let (cmd, current) = (cmd.clone(), current.clone());
        Callback::from(move |_| {
            let pwd = (*current).clone();
            current.set(String::new());
            match cmd.try_run(|sb, actor, now| {
                domain::organisation::rattachement::desactiver_mon_compte(sb, actor, &pwd, now)
            }) {
                Some(Ok(())) => {
                    cmd.app().logout();
                    if let Some(nav) = &navigator {
                        nav.push(&Route::Connexion);
                    }
                }
                Some(Err(e)) => cmd.set(Feedback {
                    error: Some(e),
                    done: None,
                }),
                None => {}
            }
        })
    };
    let fb = cmd.feedback();
    let oninput = {
        let current = current.clone();
        Callback::from(move |v: String| current.set(v))
    };
    html! {
        <section aria-labelledby="titre-desactiver">
            <h2 id="titre-desactiver">{"Désactiver mon compte"}</h2>
            <p>{"Votre accès sera coupé et vous serez déconnecté(e). Vous pourrez demander la réactivation depuis la page de connexion."}</p>
            <ErrorSummary id="erreurs-desactivation" error={fb.error.clone()} />
            <div class="formulaire">
                <TextField id={champs::MOT_DE_PASSE_DESACTIVATION.id} label={champs::MOT_DE_PASSE_DESACTIVATION.libelle} input_type="password" autocomplete={Some(AttrValue::Static("current-password"))} value={(*current).clone()} {oninput} error={fb.field(champs::MOT_DE_PASSE_DESACTIVATION)} />
                <ConfirmButton id="desactiver" label="Désactiver mon compte" danger=true
                    question="Désactiver votre compte ? Vous serez déconnecté(e) immédiatement."
                    confirm_label="Oui, désactiver mon compte" {on_confirm} />
            </div>
        </section>
    }
}
