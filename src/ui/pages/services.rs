//! Services of a structure: the « codes service » suppliers put on invoices. Create, edit,
//! activate, deactivate; dates of validity and the per-service « engagement juridique
//! obligatoire ». FACTURES_PUBLIQUES belongs to the portal.

use super::access;
use crate::ui::components::form::{
    bind, checkbox, required_note, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::kernel::ids::ServiceId;
use domain::kernel::time::day_fr;
use domain::organisation::droits::Action;
use domain::organisation::fiche_structure::{self as org, ServiceForm};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

const FIELDS: [(&str, &str); 9] = [
    ("code", "Code service"),
    ("libelle", "Libellé"),
    ("description", "Description"),
    ("service_adresse", "Adresse"),
    ("service_code_postal", "Code postal"),
    ("service_ville", "Ville"),
    ("debut_validite", "Début de validité"),
    ("fin_validite", "Fin de validité"),
    ("ej_obligatoire", "Engagement juridique obligatoire"),
];

#[component]
pub fn Services(props: &Props) -> Html {
    let app = use_app();
    let form = use_state(ServiceForm::default);
    let editing = use_state(|| None::<ServiceId>);
    let feedback = use_state(Feedback::default);
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
                Some(id) => app.run(|sb, now| org::update_service(sb, &actor, id, &f, now)),
                None => app
                    .run(|sb, now| org::create_service(sb, &actor, &sid, &f, now))
                    .map(|_| ()),
            };
            if r.is_ok() {
                form.set(ServiceForm::default());
                editing.set(None);
            }
            feedback.set(Feedback::from(r, "Le service a été enregistré."));
        })
    };
    let rows: Html = org::services_of(&a.sb, &sid)
        .into_iter()
        .map(|s| {
            let managed = editable && !s.managed_by_portal();
            let toggle = {
                let (app, feedback, id, actif) = (app.clone(), feedback.clone(), s.id.clone(), !s.actif);
                Callback::from(move |_| {
                    let Some(actor) = app.account().map(|a| a.id.clone()) else { return };
                    let r = app.run(|sb, _| org::set_service_active(sb, &actor, &id, actif));
                    feedback.set(Feedback::from(r, if actif { "Le service est de nouveau actif." } else { "Le service est désactivé : les fournisseurs ne peuvent plus le choisir." }));
                })
            };
            let edit = {
                let (form, editing, s) = (form.clone(), editing.clone(), s.clone());
                Callback::from(move |_| {
                    form.set(ServiceForm::of(&s));
                    editing.set(Some(s.id.clone()));
                    crate::ui::dom::focus("code");
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
        })
        .collect();
    let cancel = {
        let (form, editing) = (form.clone(), editing.clone());
        Callback::from(move |_| {
            form.set(ServiceForm::default());
            editing.set(None);
        })
    };
    let fb = &*feedback;
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
                <ErrorSummary id="erreurs-service" error={fb.error.clone()} fields={FIELDS.to_vec()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    {required_note()}
                    <fieldset>
                        <legend>{if editing.is_some() { "Modifier le service" } else { "Créer un service" }}</legend>
                        <TextField id="code" label="Code service" required=true hint={Some(AttrValue::Static("Lettres sans accent, chiffres, « _ » ou « - », exemple : ACHATS."))}
                            value={form.code.clone()} oninput={bind(&form, |f, v| f.code = v)} error={fb.field("code")} />
                        <TextField id="libelle" label="Libellé" required=true value={form.libelle.clone()}
                            oninput={bind(&form, |f, v| f.libelle = v)} error={fb.field("libelle")} />
                        <TextField id="description" label="Description" value={form.description.clone()}
                            oninput={bind(&form, |f, v| f.description = v)} error={fb.field("description")} />
                        <TextField id="service_adresse" label="Adresse du service" value={form.adresse.clone()}
                            oninput={bind(&form, |f, v| f.adresse = v)} error={fb.field("service_adresse")} />
                        <TextField id="service_code_postal" label="Code postal du service" value={form.code_postal.clone()}
                            oninput={bind(&form, |f, v| f.code_postal = v)} error={fb.field("service_code_postal")} />
                        <TextField id="service_ville" label="Ville du service" value={form.ville.clone()}
                            oninput={bind(&form, |f, v| f.ville = v)} error={fb.field("service_ville")} />
                        <TextField id="debut_validite" label="Début de validité" input_type="date" hint={Some(AttrValue::Static("Aujourd'hui (date du bac à sable) si vide."))}
                            value={form.debut_validite.clone()} oninput={bind(&form, |f, v| f.debut_validite = v)} error={fb.field("debut_validite")} />
                        <TextField id="fin_validite" label="Fin de validité" input_type="date" hint={Some(AttrValue::Static("Facultative."))}
                            value={form.fin_validite.clone()} oninput={bind(&form, |f, v| f.fin_validite = v)} error={fb.field("fin_validite")} />
                        {checkbox("ej_obligatoire", "Engagement juridique obligatoire pour ce service", form.ej_obligatoire,
                            { let form = form.clone(); Callback::from(move |v: bool| { let mut f = (*form).clone(); f.ej_obligatoire = v; form.set(f); }) }, None)}
                    </fieldset>
                    <div class="actions">
                        <button type="submit" class="bouton">{if editing.is_some() { "Enregistrer le service" } else { "Créer le service" }}</button>
                        if editing.is_some() { <button type="button" class="bouton bouton-secondaire" onclick={cancel}>{"Annuler"}</button> }
                    </div>
                </form>
            }
        </Page>
    }
}
