//! « Créer une nouvelle structure »: identifier type and identifier (with the simulated INSEE
//! lookup for a SIRET), then the fiche's general information. The creator becomes its GP.

use super::fiche_structure::{general_fields, GENERAL_FIELDS};
use crate::ui::components::form::{
    bind, checkbox, required_note, select_field, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::organisation::fiche_structure::{self as org, StructureForm};
use domain::organisation::identifiants::IdentifierType;
use domain::organisation::insee::EtatAdministratif;
use domain::DomainError;
use storage::backend::ActionError;
use yew::prelude::*;
use yew_router::prelude::*;

/// The identifier types as drop-down options (value: position in `IdentifierType::ALL`).
pub(super) fn identifier_options() -> Vec<(String, String)> {
    IdentifierType::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| (i.to_string(), t.label().to_string()))
        .collect()
}

pub(super) fn identifier_type_at(v: &str) -> IdentifierType {
    v.parse::<usize>()
        .ok()
        .and_then(|i| IdentifierType::ALL.get(i).copied())
        .unwrap_or(IdentifierType::Siret)
}

pub(super) fn identifier_index(t: IdentifierType) -> String {
    IdentifierType::ALL
        .iter()
        .position(|x| *x == t)
        .unwrap_or(0)
        .to_string()
}

#[component]
pub fn CreerStructure() -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let form = use_state(StructureForm::default);
    let feedback = use_state(Feedback::default);
    let insee_note = use_state(|| None::<String>);

    let lookup = {
        let (form, feedback, insee_note) = (form.clone(), feedback.clone(), insee_note.clone());
        Callback::from(move |_| {
            match org::insee_lookup(&form.identifier) {
                Ok(Some(e)) => {
                    let mut f = (*form).clone();
                    f.fill_from_insee(&e);
                    form.set(f);
                    feedback.set(Feedback::default());
                    insee_note.set(Some(if e.etat == EtatAdministratif::Ferme {
                        format!("Base INSEE : « {} » est un établissement fermé. Une structure ne peut pas être créée avec ce SIRET.", e.raison_sociale)
                    } else {
                        format!(
                            "Base INSEE : « {} » ({}, {}), {}. Raison sociale, adresse, TVA et RCS ont été pré-remplis.",
                            e.raison_sociale,
                            e.forme_juridique,
                            e.activite,
                            if e.siege { "siège social" } else { "établissement secondaire" }
                        )
                    }));
                }
                Ok(None) => insee_note.set(Some(
                    "Ce SIRET est valide mais inconnu de la base INSEE (simulée). Si l'entreprise vient d'être créée, cochez « Structure en cours d'immatriculation » et saisissez ses informations.".to_string(),
                )),
                Err(m) => {
                    insee_note.set(None);
                    feedback.set(Feedback {
                        error: Some(ActionError::Domain(DomainError::field("identifier", m))),
                        done: None,
                    });
                }
            }
        })
    };

    let onsubmit = {
        let (app, form, feedback) = (app.clone(), form.clone(), feedback.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let f = (*form).clone();
            match app.run(|sb, now| org::create_structure(sb, &actor, &f, now)) {
                Ok(id) => {
                    if let Some(nav) = &navigator {
                        nav.push(&Route::FicheStructure { id: id.to_string() });
                    }
                }
                Err(e) => feedback.set(Feedback {
                    error: Some(e),
                    done: None,
                }),
            }
        })
    };
    let kind = form.identifier_type;
    let mut fields = vec![("identifier", "Identifiant")];
    fields.extend(GENERAL_FIELDS);
    html! {
        <Page route={Route::CreerStructure} help={html!{
            <>
                <p>{"Une fiche structure correspond à une entité juridique et à un identifiant (le plus souvent un SIRET, donc un établissement). Pour un SIRET, le portail vérifie dans la base INSEE que l'établissement existe et est actif, et reprend sa raison sociale et son adresse."}</p>
                <p>{"Dans ce bac à sable, la base INSEE est simulée : elle contient des entreprises fictives, par exemple la Papeterie du Centre. Essayez « Rechercher dans la base INSEE » avec un SIRET de la liste de l'aide."}</p>
            </>
        }}>
            <ErrorSummary error={feedback.error.clone()} fields={fields} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {required_note()}
                <fieldset>
                    <legend>{"Identification"}</legend>
                    {select_field("identifier_type", "Type d'identifiant", identifier_options(), &identifier_index(kind),
                        bind(&form, |f, v| f.identifier_type = identifier_type_at(&v)), None)}
                    <TextField id="identifier" label="Identifiant" required=true hint={Some(AttrValue::Static(kind.hint()))}
                        value={form.identifier.clone()} oninput={bind(&form, |f, v| f.identifier = v)}
                        error={feedback.field("identifier")} />
                    if kind == IdentifierType::Siret {
                        <div class="actions">
                            <button type="button" class="bouton bouton-secondaire" onclick={lookup}>{"Rechercher dans la base INSEE"}</button>
                        </div>
                        if let Some(note) = &*insee_note { <p class="alerte alerte-info" role="status">{note.clone()}</p> }
                        {checkbox("en_cours_immatriculation", "Structure en cours d'immatriculation (SIRET pas encore connu de l'INSEE)",
                            form.en_cours_immatriculation, {
                                let form = form.clone();
                                Callback::from(move |c: bool| { let mut f = (*form).clone(); f.en_cours_immatriculation = c; form.set(f); })
                            }, None)}
                    }
                </fieldset>
                {general_fields(&form, &feedback)}
                <div class="actions"><button type="submit" class="bouton">{"Créer la structure"}</button></div>
            </form>
        </Page>
    }
}
