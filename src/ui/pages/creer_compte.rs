//! « Créer un compte »: identity, connection address and password; an activation link is sent to
//! the Messagerie.

use crate::ui::components::form::{
    bind, field_error, required_note, success, ErrorSummary, TextField,
};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::compte::mot_de_passe;
use domain::compte::{self, RegistrationForm};
use storage::backend::ActionError;
use yew::prelude::*;

const FIELDS: [(&str, &str); 6] = [
    ("login_email", "Adresse électronique de connexion"),
    ("nom", "Nom"),
    ("prenom", "Prénom"),
    ("telephone", "Téléphone"),
    ("password", "Mot de passe"),
    ("confirmation", "Confirmation du mot de passe"),
];

#[component]
pub fn CreerCompte() -> Html {
    let app = use_app();
    let form = use_state(RegistrationForm::default);
    let error = use_state(|| None::<ActionError>);
    let created = use_state(|| None::<String>);

    let onsubmit = {
        let (app, form, error, created) =
            (app.clone(), form.clone(), error.clone(), created.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            match app.run(|sb, now| compte::register(sb, &f, now)) {
                Ok(_) => {
                    error.set(None);
                    created.set(Some(f.login_email.trim().to_lowercase()));
                    form.set(RegistrationForm::default());
                }
                Err(e) => {
                    let mut kept = f;
                    kept.password.clear();
                    kept.confirmation.clear();
                    form.set(kept);
                    error.set(Some(e));
                }
            }
        })
    };

    let help = html! {
        <p>{"Comme sur le portail, chaque personne a son propre compte, identifié par son adresse électronique de connexion. Après la création, un lien d'activation valable 60 minutes (horloge du bac à sable) arrive dans la Messagerie. À la première connexion, vous pourrez créer votre structure ou vous y rattacher."}</p>
    };

    if let Some(email) = (*created).clone() {
        let again = {
            let created = created.clone();
            Callback::from(move |_| created.set(None))
        };
        return html! {
            <Page route={Route::CreerCompte} {help}>
                {success(html!{ <>
                    <p><strong>{"Votre compte a été créé."}</strong></p>
                    <p>{format!("Un e-mail d'activation a été envoyé à {email}. Ouvrez-le dans la Messagerie du bac à sable et suivez le lien dans les 60 minutes.")}</p>
                </> })}
                <div class="actions">
                    {link(Route::Messagerie, "Ouvrir la Messagerie", "bouton")}
                    <button type="button" class="bouton bouton-secondaire" onclick={again}>{"Créer un autre compte"}</button>
                </div>
            </Page>
        };
    }

    html! {
        <Page route={Route::CreerCompte} {help}>
            <ErrorSummary error={(*error).clone()} fields={FIELDS.to_vec()} />
            <form class="formulaire" onsubmit={onsubmit} novalidate=true>
                {required_note()}
                <fieldset>
                    <legend>{"Informations personnelles"}</legend>
                    <TextField id="login_email" label="Adresse électronique de connexion" input_type="email" required=true
                        hint={Some(AttrValue::Static("Elle sert d'identifiant et reçoit le lien d'activation. Elle deviendra aussi votre adresse de contact (modifiable dans « Mon compte »)."))}
                        autocomplete={Some(AttrValue::Static("username"))}
                        value={form.login_email.clone()} oninput={bind(&form, |f, v| f.login_email = v)}
                        error={field_error(&error, "login_email")} />
                    <TextField id="nom" label="Nom" required=true autocomplete={Some(AttrValue::Static("family-name"))}
                        value={form.nom.clone()} oninput={bind(&form, |f, v| f.nom = v)} error={field_error(&error, "nom")} />
                    <TextField id="prenom" label="Prénom" required=true autocomplete={Some(AttrValue::Static("given-name"))}
                        value={form.prenom.clone()} oninput={bind(&form, |f, v| f.prenom = v)} error={field_error(&error, "prenom")} />
                    <TextField id="telephone" label="Téléphone" input_type="tel" autocomplete={Some(AttrValue::Static("tel"))}
                        hint={Some(AttrValue::Static("Facultatif. Exemple : 01 23 45 67 89."))}
                        value={form.telephone.clone()} oninput={bind(&form, |f, v| f.telephone = v)} error={field_error(&error, "telephone")} />
                </fieldset>
                <fieldset>
                    <legend>{"Mot de passe"}</legend>
                    <TextField id="password" label="Mot de passe" input_type="password" required=true
                        hint={Some(AttrValue::Static(mot_de_passe::RULE_TEXT))}
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)} error={field_error(&error, "password")} />
                    <TextField id="confirmation" label="Confirmation du mot de passe" input_type="password" required=true
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        value={form.confirmation.clone()} oninput={bind(&form, |f, v| f.confirmation = v)} error={field_error(&error, "confirmation")} />
                </fieldset>
                <div class="actions">
                    <button type="submit" class="bouton">{"Créer mon compte"}</button>
                </div>
            </form>
        </Page>
    }
}
