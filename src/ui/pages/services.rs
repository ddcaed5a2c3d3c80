//! Services of a structure: the « codes service » suppliers put on invoices. Create, edit,
//! activate, deactivate; dates of validity and the per-service « engagement juridique
//! obligatoire ». FACTURES_PUBLIQUES belongs to the portal.

use super::access;
use crate::ui::components::form::{bind, checkbox, required_note, ErrorSummary, TextField};
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::hooks::{use_command, CommandHandle};
use crate::ui::route::Route;
use domain::kernel::ids::ServiceId;
use domain::kernel::time::day_fr;
use domain::organisation::droits::Action;
use domain::organisation::services::{self, champs, FormulaireService};
use domain::organisation::structure::Service;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

#[component]
pub fn Services(props: &Props) -> Html {
    let app = use_app();
    let cmd = use_command();
    let form = use_state(FormulaireService::default);
    let editing = use_state(|| None::<ServiceId>);
    let route = Route::Services {
        id: props.id.clone(),
    };
    let a = match access(&app, &props.id, Action::ConsulterServices, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let editable = a.may(Action::GererServices);
    let sid = a.structure.id.clone();
    let onsubmit = {
        let (cmd, form, editing, sid) = (cmd.clone(), form.clone(), editing.clone(), sid.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let done = "Le service a été enregistré.";
            let saved = match &*editing {
                Some(id) => cmd.run(done, |sb, actor, now| {
                    services::modifier_service(sb, actor, id, &f, now)
                }),
                None => cmd
                    .run(done, |sb, actor, now| {
                        services::creer_service(sb, actor, &sid, &f, now)
                    })
                    .map(|_| ()),
            };
            if saved.is_some() {
                form.set(FormulaireService::default());
                editing.set(None);
            }
        })
    };
    let rows: Html = services::liste(&a.sb, &sid)
        .into_iter()
        .map(|s| service_row(s, editable, &cmd, &form, &editing))
        .collect();
    let fb = cmd.feedback();
    html! {
        <Page {route} title={Some(AttrValue::from(format!("Services — {}", a.structure.display_name())))} help={html!{
            <p>{"Une structure peut être découpée en services, chacun avec un code (le « code service » que le fournisseur indique sur la facture) et un libellé. Un service peut exiger un engagement juridique même si la structure ne l'exige pas. Un service inactif ou hors de ses dates de validité n'est plus proposé aux fournisseurs."}</p>
        }}>
            {fb.done_html()}
            <table class="tableau">
                <caption>{"Services"}</caption>
                <thead><tr>
                    <th scope="col">{"Code"}</th><th scope="col">{"Libellé"}</th><th scope="col">{"Validité"}</th>
                    <th scope="col">{"EJ obligatoire"}</th><th scope="col">{"Statut"}</th>
                    if editable { <th scope="col">{"Actions"}</th> }
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            if editable {
                <ErrorSummary id="erreurs-service" error={fb.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    {service_form(&cmd, &form, &editing)}
                </form>
            }
        </Page>
    }
}

fn service_row(
    s: &Rc<Service>,
    editable: bool,
    cmd: &CommandHandle,
    form: &UseStateHandle<FormulaireService>,
    editing: &UseStateHandle<Option<ServiceId>>,
) -> Html {
    let managed = editable && !s.gere_par_le_portail();
    let toggle = {
        let (cmd, id, actif) = (cmd.clone(), s.id.clone(), !s.actif);
        Callback::from(move |_| {
            let done = if actif {
                "Le service est de nouveau actif."
            } else {
                "Le service est désactivé : les fournisseurs ne peuvent plus le choisir."
            };
            cmd.run(done, |sb, actor, _| {
                services::changer_statut_service(sb, actor, &id, actif)
            });
        })
    };
    let edit = {
        let (form, editing, s) = (form.clone(), editing.clone(), s.clone());
        Callback::from(move |_| {
            form.set(FormulaireService::of(&s));
            editing.set(Some(s.id.clone()));
            crate::ui::dom::focus(champs::CODE.id);
        })
    };
    let validite = match s.fin_validite {
        Some(f) => format!("du {} au {}", day_fr(s.debut_validite), day_fr(f)),
        None => format!("depuis le {}", day_fr(s.debut_validite)),
    };
    html! {
        <tr key={s.id.to_string()}>
            <td><code>{s.code.clone()}</code></td>
            <td>{s.libelle.clone()}
                if let Some(d) = &s.description { <br /><span class="mention">{d.clone()}</span> }</td>
            <td>{validite}</td>
            <td>{if s.ej_obligatoire { "Oui" } else { "Non" }}</td>
            <td>{if s.actif { "Actif" } else { "Inactif" }}</td>
            if editable {
                <td>
                    if managed {
                        <button type="button" class="lien" onclick={edit} aria-label={format!("Modifier le service {}", s.code)}>{"Modifier"}</button>
                        {" · "}
                        <button type="button" class="lien" onclick={toggle} aria-label={format!("{} le service {}", if s.actif { "Désactiver" } else { "Activer" }, s.code)}>
                            {if s.actif { "Désactiver" } else { "Activer" }}
                        </button>
                    } else {
                        <span class="mention">{"Géré par le portail"}</span>
                    }
                </td>
            }
        </tr>
    }
}

/// The service form's fields and buttons (creation, or edition of `editing`).
fn service_form(
    cmd: &CommandHandle,
    form: &UseStateHandle<FormulaireService>,
    editing: &UseStateHandle<Option<ServiceId>>,
) -> Html {
    let fb = cmd.feedback();
    let cancel = {
        let (form, editing) = (form.clone(), editing.clone());
        Callback::from(move |_| {
            form.set(FormulaireService::default());
            editing.set(None);
        })
    };
    let ej = {
        let form = form.clone();
        Callback::from(move |v: bool| {
            let mut f = (*form).clone();
            f.ej_obligatoire = v;
            form.set(f);
        })
    };
    html! {
        <>
            {required_note()}
            <fieldset>
                <legend>{if editing.is_some() { "Modifier le service" } else { "Créer un service" }}</legend>
                <TextField id={champs::CODE.id} label={champs::CODE.libelle} required=true hint={Some(AttrValue::Static("Lettres sans accent, chiffres, « _ » ou « - », exemple : ACHATS."))}
                    value={form.code.clone()} oninput={bind(form, |f, v| f.code = v)} error={fb.field(champs::CODE)} />
                <TextField id={champs::LIBELLE.id} label={champs::LIBELLE.libelle} required=true value={form.libelle.clone()}
                    oninput={bind(form, |f, v| f.libelle = v)} error={fb.field(champs::LIBELLE)} />
                <TextField id={champs::DESCRIPTION.id} label={champs::DESCRIPTION.libelle} value={form.description.clone()}
                    oninput={bind(form, |f, v| f.description = v)} error={fb.field(champs::DESCRIPTION)} />
                <TextField id={champs::ADRESSE.id} label={champs::ADRESSE.libelle} value={form.adresse.clone()}
                    oninput={bind(form, |f, v| f.adresse = v)} error={fb.field(champs::ADRESSE)} />
                <TextField id={champs::CODE_POSTAL.id} label={champs::CODE_POSTAL.libelle} value={form.code_postal.clone()}
                    oninput={bind(form, |f, v| f.code_postal = v)} error={fb.field(champs::CODE_POSTAL)} />
                <TextField id={champs::VILLE.id} label={champs::VILLE.libelle} value={form.ville.clone()}
                    oninput={bind(form, |f, v| f.ville = v)} error={fb.field(champs::VILLE)} />
                <TextField id={champs::DEBUT_VALIDITE.id} label={champs::DEBUT_VALIDITE.libelle} input_type="date" hint={Some(AttrValue::Static("Aujourd'hui (date du bac à sable) si vide."))}
                    value={form.debut_validite.clone()} oninput={bind(form, |f, v| f.debut_validite = v)} error={fb.field(champs::DEBUT_VALIDITE)} />
                <TextField id={champs::FIN_VALIDITE.id} label={champs::FIN_VALIDITE.libelle} input_type="date" hint={Some(AttrValue::Static("Facultative."))}
                    value={form.fin_validite.clone()} oninput={bind(form, |f, v| f.fin_validite = v)} error={fb.field(champs::FIN_VALIDITE)} />
                {checkbox(champs::EJ_OBLIGATOIRE.id, champs::EJ_OBLIGATOIRE.libelle, form.ej_obligatoire, ej, None)}
            </fieldset>
            <div class="actions">
                <button type="submit" class="bouton">{if editing.is_some() { "Enregistrer le service" } else { "Créer le service" }}</button>
                if editing.is_some() { <button type="button" class="bouton bouton-secondaire" onclick={cancel}>{"Annuler"}</button> }
            </div>
        </>
    }
}
