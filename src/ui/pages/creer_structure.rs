//! « Créer une nouvelle structure »: identifier type and identifier (with the simulated INSEE
//! lookup for a SIRET), then the fiche's general information. The creator becomes its GP.

use super::fiche_structure::general_fields;
use crate::ui::components::form::{
    bind, checkbox, required_note, select_field, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::page::Page;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::organisation::fiche_structure::{self as org, champs, FormulaireStructure};
use domain::organisation::identifiants::TypeIdentifiant;
use storage::backend::ActionError;
use yew::prelude::*;
use yew_router::prelude::*;

/// The identifier types as drop-down options (value: position in `TypeIdentifiant::ALL`).
pub(super) fn identifier_options() -> Vec<(String, String)> {
    TypeIdentifiant::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| (i.to_string(), t.label().to_string()))
        .collect()
}

pub(super) fn identifier_type_at(v: &str) -> TypeIdentifiant {
    v.parse::<usize>()
        .ok()
        .and_then(|i| TypeIdentifiant::ALL.get(i).copied())
        .unwrap_or(TypeIdentifiant::Siret)
}

pub(super) fn identifier_index(t: TypeIdentifiant) -> String {
    TypeIdentifiant::ALL
        .iter()
        .position(|x| *x == t)
        .unwrap_or(0)
        .to_string()
}

#[component]
pub fn CreerStructure() -> Html {
    let cmd = use_command();
    let navigator = use_navigator();
    let form = use_state(FormulaireStructure::default);
    let insee_note = use_state(|| None::<String>);

    let lookup = {
        let (cmd, form, insee_note) = (cmd.clone(), form.clone(), insee_note.clone());
        Callback::from(
            move |_| match org::rechercher_dans_insee(&form.identifier) {
                Ok(Some(e)) => {
                    let mut f = (*form).clone();
                    f.remplir_depuis_insee(&e);
                    form.set(f);
                    cmd.set(Feedback::default());
                    insee_note.set(Some(org::note_insee(Some(&e))));
                }
                Ok(None) => insee_note.set(Some(org::note_insee(None))),
                Err(e) => {
                    insee_note.set(None);
                    cmd.set(Feedback {
                        error: Some(ActionError::Domain(e)),
                        done: None,
                    });
                }
            },
        )
    };

    let onsubmit = {
        let (cmd, form) = (cmd.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            match cmd.try_run(|sb, actor, now| org::creer_structure(sb, actor, &f, now)) {
                Some(Ok(id)) => {
                    if let Some(nav) = &navigator {
                        let _ = nav.push_with_query(
                            &Route::FicheStructure { id: id.to_string() },
                            yew_router::query::Raw("creee=1"),
                        );
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
    let kind = form.identifier_type;
    html! {
        <Page route={Route::CreerStructure} help={html!{
            <>
                <p>{"Une fiche structure correspond à une entité juridique et à un identifiant (le plus souvent un SIRET, donc un établissement). Pour un SIRET, le portail vérifie dans la base INSEE que l'établissement existe et est actif, et reprend sa raison sociale et son adresse."}</p>
                <p>{"Dans ce bac à sable, la base INSEE est simulée : elle contient des entreprises fictives, par exemple la Papeterie du Centre. Essayez « Rechercher dans la base INSEE » avec un SIRET de la liste de l'aide."}</p>
            </>
        }}>
            <ErrorSummary error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {required_note()}
                <fieldset>
                    <legend>{"Identification"}</legend>
                    {select_field(champs::TYPE_IDENTIFIANT.id, champs::TYPE_IDENTIFIANT.libelle, identifier_options(), &identifier_index(kind),
                        bind(&form, |f, v| f.identifier_type = identifier_type_at(&v)), None)}
                    <TextField id={champs::IDENTIFIANT.id} label={champs::IDENTIFIANT.libelle} required=true hint={Some(AttrValue::Static(kind.hint()))}
                        value={form.identifier.clone()} oninput={bind(&form, |f, v| f.identifier = v)}
                        error={fb.field(champs::IDENTIFIANT)} />
                    if kind == TypeIdentifiant::Siret {
                        <div class="actions">
                            <button type="button" class="bouton bouton-secondaire" onclick={lookup}>{"Rechercher dans la base INSEE"}</button>
                        </div>
                        if let Some(note) = &*insee_note { <p class="alerte alerte-info" role="status">{note.clone()}</p> }
                        {checkbox(champs::EN_COURS_IMMATRICULATION.id, champs::EN_COURS_IMMATRICULATION.libelle,
                            form.en_cours_immatriculation, {
                                let form = form.clone();
                                Callback::from(move |c: bool| { let mut f = (*form).clone(); f.en_cours_immatriculation = c; form.set(f); })
                            }, None)}
                    }
                </fieldset>
                {general_fields(&form, fb)}
                <div class="actions"><button type="submit" class="bouton">{"Créer la structure"}</button></div>
            </form>
        </Page>
    }
}
