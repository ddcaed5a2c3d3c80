//! The « Coordonnées bancaires » part of the fiche structure: several accounts, each checked
//! (IBAN with its key and its country's length, BIC format), flagged « Affactureur » when it
//! belongs to a factor, active or not (only active ones are offered on invoices).

use crate::ui::components::form::{bind, checkbox, ErrorSummary, Feedback, TextField};
use crate::ui::context::use_app;
use domain::kernel::ids::BankAccountId;
use domain::organisation::coordonnees_bancaires::format_iban;
use domain::organisation::fiche_structure::{self as org, BankForm};
use domain::organisation::structure::{BankAccount, Structure};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub structure: Rc<Structure>,
    pub editable: bool,
}

fn form_of(b: &BankAccount) -> BankForm {
    BankForm {
        libelle: b.libelle.clone(),
        iban: format_iban(&b.iban),
        bic: b.bic.clone(),
        affactureur: b.affactureur,
    }
}

#[component]
pub fn CoordonneesBancaires(props: &Props) -> Html {
    let app = use_app();
    let form = use_state(BankForm::default);
    // The account being edited, if any (else the form adds one).
    let editing = use_state(|| None::<BankAccountId>);
    let feedback = use_state(Feedback::default);
    let sid = props.structure.id.clone();

    let onsubmit = {
        let (app, form, editing, feedback, sid) = (
            app.clone(),
            form.clone(),
            editing.clone(),
            feedback.clone(),
            sid.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let f = (*form).clone();
            let r = match &*editing {
                Some(b) => app.run(|sb, _| org::update_bank_account(sb, &actor, &sid, b, &f)),
                None => app
                    .run(|sb, _| org::add_bank_account(sb, &actor, &sid, &f))
                    .map(|_| ()),
            };
            if r.is_ok() {
                form.set(BankForm::default());
                editing.set(None);
            }
            feedback.set(Feedback::from(
                r,
                "Les coordonnées bancaires ont été enregistrées.",
            ));
        })
    };
    let rows: Html = props
        .structure
        .bank_accounts
        .iter()
        .map(|b| {
            let toggle = {
                let (app, feedback, sid, bid, actif) =
                    (app.clone(), feedback.clone(), sid.clone(), b.id.clone(), !b.actif);
                Callback::from(move |_| {
                    let Some(actor) = app.account().map(|a| a.id.clone()) else { return };
                    let r = app.run(|sb, _| org::set_bank_account_active(sb, &actor, &sid, &bid, actif));
                    feedback.set(Feedback::from(r, if actif { "Le compte est de nouveau actif." } else { "Le compte est désactivé : il n'est plus proposé sur les factures." }));
                })
            };
            let edit = {
                let (form, editing, b) = (form.clone(), editing.clone(), b.clone());
                Callback::from(move |_| {
                    form.set(form_of(&b));
                    editing.set(Some(b.id.clone()));
                    crate::ui::dom::focus("libelle_compte");
                })
            };
            html! {
                <tr key={b.id.to_string()}>
                    <td>{b.libelle.clone()}</td>
                    <td class="nombre">{format_iban(&b.iban)}</td>
                    <td>{b.bic.clone()}</td>
                    <td>{if b.affactureur { "Oui" } else { "Non" }}</td>
                    <td>{if b.actif { "Actif" } else { "Inactif" }}</td>
                    if props.editable {
                        <td>
                            <button type="button" class="lien" onclick={edit} aria-label={format!("Modifier le compte {}", b.libelle)}>{"Modifier"}</button>
                            {" · "}
                            <button type="button" class="lien" onclick={toggle} aria-label={format!("{} le compte {}", if b.actif { "Désactiver" } else { "Activer" }, b.libelle)}>
                                {if b.actif { "Désactiver" } else { "Activer" }}
                            </button>
                        </td>
                    }
                </tr>
            }
        })
        .collect();
    let cancel = {
        let (form, editing) = (form.clone(), editing.clone());
        Callback::from(move |_| {
            form.set(BankForm::default());
            editing.set(None);
        })
    };
    html! {
        <section aria-labelledby="titre-banque">
            <h2 id="titre-banque">{"Coordonnées bancaires"}</h2>
            {feedback.done_html()}
            if props.structure.bank_accounts.is_empty() {
                <p>{"Aucun compte bancaire enregistré. Ils sont facultatifs, sauf pour certains fournisseurs (prestataires de justice, exploitants agricoles)."}</p>
            } else {
                <table class="tableau">
                    <caption>{"Comptes de la structure"}</caption>
                    <thead><tr>
                        <th scope="col">{"Libellé"}</th><th scope="col">{"IBAN"}</th><th scope="col">{"BIC"}</th>
                        <th scope="col">{"Affactureur"}</th><th scope="col">{"Statut"}</th>
                        if props.editable { <th scope="col">{"Actions"}</th> }
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            if props.editable {
                <ErrorSummary id="erreurs-banque" error={feedback.error.clone()} fields={vec![("libelle_compte", "Libellé du compte"), ("iban", "IBAN"), ("bic", "BIC")]} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    <fieldset>
                        <legend>{if editing.is_some() { "Modifier le compte" } else { "Ajouter un compte bancaire" }}</legend>
                        <TextField id="libelle_compte" label="Libellé du compte" required=true value={form.libelle.clone()}
                            oninput={bind(&form, |f, v| f.libelle = v)} error={feedback.field("libelle_compte")} />
                        <TextField id="iban" label="IBAN" required=true hint={Some(AttrValue::Static("Avec ou sans espaces, exemple : FR76 3000 6000 0112 3456 7890 189."))}
                            value={form.iban.clone()} oninput={bind(&form, |f, v| f.iban = v)} error={feedback.field("iban")} />
                        <TextField id="bic" label="BIC" required=true hint={Some(AttrValue::Static("8 ou 11 caractères, exemple : AGRIFRPP882."))}
                            value={form.bic.clone()} oninput={bind(&form, |f, v| f.bic = v)} error={feedback.field("bic")} />
                        {checkbox("affactureur", "Compte d'un affactureur (factor)", form.affactureur,
                            { let form = form.clone(); Callback::from(move |v: bool| { let mut f = (*form).clone(); f.affactureur = v; form.set(f); }) }, None)}
                    </fieldset>
                    <div class="actions">
                        <button type="submit" class="bouton">{if editing.is_some() { "Enregistrer le compte" } else { "Ajouter le compte" }}</button>
                        if editing.is_some() { <button type="button" class="bouton bouton-secondaire" onclick={cancel}>{"Annuler"}</button> }
                    </div>
                </form>
            }
        </section>
    }
}
