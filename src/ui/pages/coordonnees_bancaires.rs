//! The « Coordonnées bancaires » part of the fiche structure: several accounts, each checked
//! (IBAN with its key and its country's length, BIC format), flagged « Affactureur » when it
//! belongs to a factor, active or not (only active ones are offered on invoices).

use crate::ui::components::form::{bind, checkbox, ErrorSummary, TextField};
use crate::ui::hooks::{use_command, CommandHandle};
use domain::kernel::ids::CompteBancaireId;
use domain::organisation::coordonnees_bancaires::{
    self as banque, champs, format_iban, FormulaireCoordonneesBancaires,
};
use domain::organisation::structure::{CompteBancaire, Structure};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub structure: Rc<Structure>,
    pub editable: bool,
}

#[component]
pub fn CoordonneesBancaires(props: &Props) -> Html {
    let cmd = use_command();
    let form = use_state(FormulaireCoordonneesBancaires::default);
    // The account being edited, if any (else the form adds one).
    let editing = use_state(|| None::<CompteBancaireId>);
    let sid = props.structure.id.clone();

    let onsubmit = {
        let (cmd, form, editing, sid) = (cmd.clone(), form.clone(), editing.clone(), sid.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let done = "Les coordonnées bancaires ont été enregistrées.";
            let saved = match &*editing {
                Some(b) => cmd.run(done, |sb, actor, _| {
                    banque::modifier_coordonnees_bancaires(sb, actor, &sid, b, &f)
                }),
                None => cmd
                    .run(done, |sb, actor, _| {
                        banque::ajouter_coordonnees_bancaires(sb, actor, &sid, &f)
                    })
                    .map(|_| ()),
            };
            if saved.is_some() {
                form.set(FormulaireCoordonneesBancaires::default());
                editing.set(None);
            }
        })
    };
    let cancel = {
        let (form, editing) = (form.clone(), editing.clone());
        Callback::from(move |_| {
            form.set(FormulaireCoordonneesBancaires::default());
            editing.set(None);
        })
    };
    let fb = cmd.feedback();
    html! {
        <section aria-labelledby="titre-banque">
            <h2 id="titre-banque">{"Coordonnées bancaires"}</h2>
            {fb.done_html()}
            if props.structure.bank_accounts.is_empty() {
                <p>{"Aucun compte bancaire enregistré. Ils sont facultatifs, sauf pour certains fournisseurs (prestataires de justice, exploitants agricoles)."}</p>
            } else {
                {accounts_table(&props.structure, props.editable, &cmd, &form, &editing)}
            }
            if props.editable {
                <ErrorSummary id="erreurs-banque" error={fb.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    <fieldset>
                        <legend>{if editing.is_some() { "Modifier le compte" } else { "Ajouter un compte bancaire" }}</legend>
                        <TextField id={champs::LIBELLE_COMPTE.id} label={champs::LIBELLE_COMPTE.libelle} required=true value={form.libelle.clone()}
                            oninput={bind(&form, |f, v| f.libelle = v)} error={fb.field(champs::LIBELLE_COMPTE)} />
                        <TextField id={champs::IBAN.id} label={champs::IBAN.libelle} required=true hint={Some(AttrValue::Static("Avec ou sans espaces, exemple : FR76 3000 6000 0112 3456 7890 189."))}
                            value={form.iban.clone()} oninput={bind(&form, |f, v| f.iban = v)} error={fb.field(champs::IBAN)} />
                        <TextField id={champs::BIC.id} label={champs::BIC.libelle} required=true hint={Some(AttrValue::Static("8 ou 11 caractères, exemple : AGRIFRPP882."))}
                            value={form.bic.clone()} oninput={bind(&form, |f, v| f.bic = v)} error={fb.field(champs::BIC)} />
                        {checkbox(champs::AFFACTUREUR.id, champs::AFFACTUREUR.libelle, form.affactureur,
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

/// The structure's accounts; when editable, each row edits its account or switches it on or off.
fn accounts_table(
    structure: &Structure,
    editable: bool,
    cmd: &CommandHandle,
    form: &UseStateHandle<FormulaireCoordonneesBancaires>,
    editing: &UseStateHandle<Option<CompteBancaireId>>,
) -> Html {
    let rows: Html = structure
        .bank_accounts
        .iter()
        .map(|b| account_row(structure, b, editable, cmd, form, editing))
        .collect();
    html! {
        <table class="tableau">
            <caption>{"Comptes de la structure"}</caption>
            <thead><tr>
                <th scope="col">{"Libellé"}</th><th scope="col">{"IBAN"}</th><th scope="col">{"BIC"}</th>
                <th scope="col">{"Affactureur"}</th><th scope="col">{"Statut"}</th>
                if editable { <th scope="col">{"Actions"}</th> }
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn account_row(
    structure: &Structure,
    b: &CompteBancaire,
    editable: bool,
    cmd: &CommandHandle,
    form: &UseStateHandle<FormulaireCoordonneesBancaires>,
    editing: &UseStateHandle<Option<CompteBancaireId>>,
) -> Html {
    let toggle = {
        let (cmd, sid, bid, actif) = (cmd.clone(), structure.id.clone(), b.id.clone(), !b.actif);
        Callback::from(move |_| {
            let done = if actif {
                "Le compte est de nouveau actif."
            } else {
                "Le compte est désactivé : il n'est plus proposé sur les factures."
            };
            cmd.run(done, |sb, actor, _| {
                banque::changer_statut_coordonnees_bancaires(sb, actor, &sid, &bid, actif)
            });
        })
    };
    let edit = {
        let (form, editing, b) = (form.clone(), editing.clone(), b.clone());
        Callback::from(move |_| {
            form.set(FormulaireCoordonneesBancaires::of(&b));
            editing.set(Some(b.id.clone()));
            crate::ui::dom::focus(champs::LIBELLE_COMPTE.id);
        })
    };
    html! {
        <tr key={b.id.to_string()}>
            <td>{b.libelle.clone()}</td>
            <td class="nombre">{format_iban(&b.iban)}</td>
            <td>{b.bic.clone()}</td>
            <td>{if b.affactureur { "Oui" } else { "Non" }}</td>
            <td>{if b.actif { "Actif" } else { "Inactif" }}</td>
            if editable {
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
}
