//! « Créer un compte »: identity, connection address and password; an activation link is sent to
//! the Messagerie.

use crate::ui::components::form::{
    bind, required_note, success, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::compte::inscription::{self, FormulaireCreationCompte};
use domain::compte::{champs, mot_de_passe};
use yew::prelude::*;

#[component]
pub fn CreerCompte() -> Html {
    // No one is connected here: the command runs without an actor, its outcome kept by the hook.
    let cmd = use_command();
    let form = use_state(FormulaireCreationCompte::default);
    let created = use_state(|| None::<String>);

    let onsubmit = {
        let (cmd, form, created) = (cmd.clone(), form.clone(), created.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if cmd.busy() {
                return;
            }
            let f = (*form).clone();
            let (cmd, form, created) = (cmd.clone(), form.clone(), created.clone());
            // The login is reserved across tabs before the account is committed.
            wasm_bindgen_futures::spawn_local(async move {
                let result = cmd
                    .try_run_unique(false, |sb, _, now| inscription::creer_compte(sb, &f, now))
                    .await;
                match result {
                    Some(Ok(_)) => {
                        cmd.set(Feedback::default());
                        created.set(Some(f.login_email.trim().to_lowercase()));
                        form.set(FormulaireCreationCompte::default());
                    }
                    Some(Err(e)) => {
                        let mut kept = f;
                        kept.password.clear();
                        kept.confirmation.clear();
                        form.set(kept);
                        cmd.set(Feedback {
                            error: Some(e),
                            done: None,
                        });
                    }
                    None => {}
                }
            });
        })
    };
    let fb = cmd.feedback();

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
            <ErrorSummary error={fb.error.clone()} />
            <form class="formulaire" onsubmit={onsubmit} novalidate=true aria-busy={cmd.busy().to_string()}>
                {required_note()}
                <fieldset>
                    <legend>{"Informations personnelles"}</legend>
                    <TextField id={champs::ADRESSE_CONNEXION.id} label={champs::ADRESSE_CONNEXION.libelle} input_type="email" required=true
                        hint={Some(AttrValue::Static("Elle sert d'identifiant et reçoit le lien d'activation. Elle deviendra aussi votre adresse de contact (modifiable dans « Mon compte »)."))}
                        autocomplete={Some(AttrValue::Static("username"))}
                        value={form.login_email.clone()} oninput={bind(&form, |f, v| f.login_email = v)}
                        error={fb.field(champs::ADRESSE_CONNEXION)} />
                    <TextField id={champs::NOM.id} label={champs::NOM.libelle} required=true autocomplete={Some(AttrValue::Static("family-name"))}
                        value={form.nom.clone()} oninput={bind(&form, |f, v| f.nom = v)} error={fb.field(champs::NOM)} />
                    <TextField id={champs::PRENOM.id} label={champs::PRENOM.libelle} required=true autocomplete={Some(AttrValue::Static("given-name"))}
                        value={form.prenom.clone()} oninput={bind(&form, |f, v| f.prenom = v)} error={fb.field(champs::PRENOM)} />
                    <TextField id={champs::TELEPHONE.id} label={champs::TELEPHONE.libelle} input_type="tel" autocomplete={Some(AttrValue::Static("tel"))}
                        hint={Some(AttrValue::Static("Facultatif. Exemple : 01 23 45 67 89."))}
                        value={form.telephone.clone()} oninput={bind(&form, |f, v| f.telephone = v)} error={fb.field(champs::TELEPHONE)} />
                </fieldset>
                <fieldset>
                    <legend>{"Mot de passe"}</legend>
                    <TextField id={champs::MOT_DE_PASSE.id} label={champs::MOT_DE_PASSE.libelle} input_type="password" required=true
                        hint={Some(AttrValue::Static(mot_de_passe::RULE_TEXT))}
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        value={form.password.clone()} oninput={bind(&form, |f, v| f.password = v)} error={fb.field(champs::MOT_DE_PASSE)} />
                    <TextField id={champs::CONFIRMATION_MOT_DE_PASSE.id} label={champs::CONFIRMATION_MOT_DE_PASSE.libelle} input_type="password" required=true
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        value={form.confirmation.clone()} oninput={bind(&form, |f, v| f.confirmation = v)} error={fb.field(champs::CONFIRMATION_MOT_DE_PASSE)} />
                </fieldset>
                <div class="actions">
                    <button type="submit" class="bouton" disabled={cmd.busy()}>{if cmd.busy() { "Création du compte en cours…" } else { "Créer mon compte" }}</button>
                </div>
            </form>
        </Page>
    }
}
