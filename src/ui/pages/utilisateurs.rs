//! Users of a structure, for its gestionnaire principal (or a user habilitated « Utilisateurs »):
//! rattachement requests validated or refused one by one or in bulk, habilitations per
//! application, deactivation and detachment, transfer of the GP role, CSV export.

use super::{access, Access};
use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{checkbox, select_field, ErrorSummary, Feedback, TextField};
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::dom;
use crate::ui::route::Route;
use domain::compte::Account;
use domain::kernel::ids::RattachementId;
use domain::kernel::time::{date_fr, datetime_fr};
use domain::organisation::droits::{Action, Application, Habilitation, RattachementStatus, Role};
use domain::organisation::rattachement::{self as rat, Decision, Fin, Rattachement};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

#[component]
pub fn Utilisateurs(props: &Props) -> Html {
    let app = use_app();
    let feedback = use_state(Feedback::default);
    let route = Route::Utilisateurs {
        id: props.id.clone(),
    };
    let a = match access(
        &app,
        &props.id,
        Action::ConsulterUtilisateurs,
        route.clone(),
    ) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let export = {
        let (app, feedback) = (app.clone(), feedback.clone());
        let (sid, actor) = (a.structure.id.clone(), a.actor.clone());
        Callback::from(move |_| {
            let sb = app.sandbox();
            let r = rat::users_csv(&sb, &actor, &sid)
                .map_err(storage::backend::ActionError::Domain)
                .and_then(|csv| {
                    dom::download("utilisateurs.csv", "text/csv;charset=utf-8", &csv)
                        .map_err(storage::backend::ActionError::Browser)
                });
            feedback.set(Feedback::from(
                r,
                "Le fichier « utilisateurs.csv » a été téléchargé.",
            ));
        })
    };
    let pending: Vec<_> = rat::members(&a.sb, &a.structure.id)
        .into_iter()
        .filter(|(r, _)| r.status == RattachementStatus::EnCoursDeValidation)
        .map(|(r, acc)| (r.clone(), acc.clone()))
        .collect();
    html! {
        <Page {route} title={Some(AttrValue::from(format!("Utilisateurs — {}", a.structure.display_name())))} help={html!{
            <p>{"Le gestionnaire principal valide ou refuse les demandes de rattachement (une par une ou en lot ; chaque décision envoie un message), règle les habilitations de chaque utilisateur par application (consultation ou modification), désactive ou détache ceux qui ont quitté la structure, et peut transmettre son rôle."}</p>
        }}>
            {feedback.done_html()}
            <ErrorSummary id="erreurs-utilisateurs" error={feedback.error.clone()} fields={vec![]} />
            if a.may(Action::ExporterUtilisateurs) {
                <div class="actions"><button type="button" class="bouton bouton-secondaire" onclick={export}>{"Exporter les utilisateurs et leurs habilitations (CSV)"}</button></div>
            }
            <Demandes pending={pending} may={a.may(Action::TraiterRattachements)} structure={props.id.clone()} />
            {users_table(&a, &app)}
            if a.may(Action::TransfererGestionnairePrincipal) { {transfer(&a, app.now())} }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct DemandesProps {
    pending: Vec<(Rc<Rattachement>, Rc<Account>)>,
    may: bool,
    structure: String,
}

#[component]
fn Demandes(props: &DemandesProps) -> Html {
    let app = use_app();
    let selected = use_state(BTreeSet::<RattachementId>::new);
    let motif = use_state(String::new);
    let feedback = use_state(Feedback::default);
    let decide = |decision: Decision| {
        let (app, selected, motif, feedback) = (
            app.clone(),
            selected.clone(),
            motif.clone(),
            feedback.clone(),
        );
        let sid = domain::kernel::ids::StructureId::from(props.structure.as_str());
        Callback::from(move |_| {
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let ids: Vec<RattachementId> = selected.iter().cloned().collect();
            let m = (*motif).clone();
            let r = app.run(|sb, now| rat::decide(sb, &actor, &sid, &ids, decision, &m, now));
            let ok = r.as_ref().map(|n| *n).unwrap_or(0);
            if r.is_ok() {
                selected.set(BTreeSet::new());
                motif.set(String::new());
            }
            let word = if decision == Decision::Valider {
                "validée(s)"
            } else {
                "refusée(s)"
            };
            feedback.set(Feedback::from(
                r,
                &format!("{ok} demande(s) {word} ; un message a été envoyé à chaque demandeur."),
            ));
        })
    };
    let all = props.pending.len();
    let toggle_all = {
        let selected = selected.clone();
        let ids: BTreeSet<RattachementId> =
            props.pending.iter().map(|(r, _)| r.id.clone()).collect();
        Callback::from(move |on: bool| selected.set(if on { ids.clone() } else { BTreeSet::new() }))
    };
    let rows: Html = props
        .pending
        .iter()
        .map(|(r, acc)| {
            let id = r.id.clone();
            let selected_now = selected.contains(&id);
            let toggle = {
                let selected = selected.clone();
                let id = id.clone();
                Callback::from(move |on: bool| {
                    let mut s = (*selected).clone();
                    if on { s.insert(id.clone()); } else { s.remove(&id); }
                    selected.set(s);
                })
            };
            let services = app.sandbox();
            let services: Vec<String> = r.services.iter().filter_map(|s| services.services.get(s)).map(|s| s.code.clone()).collect();
            html! {
                <tr key={r.id.to_string()}>
                    if props.may {
                        <td>{checkbox(&format!("demande-{}", r.id), &format!("Sélectionner la demande de {}", acc.full_name()), selected_now, toggle, None)}</td>
                    }
                    <td>{acc.full_name()}<br /><span class="mention">{acc.login_email.clone()}</span></td>
                    <td>{datetime_fr(r.requested_at)}</td>
                    <td>{if services.is_empty() { "—".to_string() } else { services.join(", ") }}</td>
                    <td>{r.commentaire.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect();
    let fb = &*feedback;
    html! {
        <section aria-labelledby="titre-demandes">
            <h2 id="titre-demandes">{format!("Demandes de rattachement ({all})")}</h2>
            {fb.done_html()}
            <ErrorSummary id="erreurs-demandes" error={fb.error.clone()} fields={vec![("selection", "Sélection"), ("motif", "Motif")]} />
            <div>
            if all == 0 {
                <p>{"Aucune demande en attente."}</p>
            } else {
                if props.may {
                    {checkbox("tout-selectionner", "Tout sélectionner", selected.len() == all && all > 0, toggle_all, fb.field("selection"))}
                }
                <table class="tableau">
                    <caption>{"Demandes en cours de validation"}</caption>
                    <thead><tr>
                        if props.may { <th scope="col">{"Sélection"}</th> }
                        <th scope="col">{"Demandeur"}</th><th scope="col">{"Date"}</th><th scope="col">{"Services demandés"}</th><th scope="col">{"Commentaire"}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                if props.may {
                    <div class="formulaire">
                        <TextField id="motif" label="Motif (en cas de refus)" value={(*motif).clone()}
                            oninput={{ let motif = motif.clone(); Callback::from(move |v| motif.set(v)) }} error={fb.field("motif")} />
                        <div class="actions">
                            <button type="button" class="bouton" onclick={decide(Decision::Valider)}>{"Valider la sélection"}</button>
                            <button type="button" class="bouton bouton-danger" onclick={decide(Decision::Refuser)}>{"Refuser la sélection"}</button>
                        </div>
                    </div>
                }
            }
            </div>
        </section>
    }
}

fn habilitations_text(r: &Rattachement, apps: &[Application]) -> String {
    if r.role == Role::GestionnairePrincipal {
        return "Tous les droits".to_string();
    }
    let list: Vec<String> = apps
        .iter()
        .filter_map(|a| {
            r.habilitations
                .get(a)
                .map(|h| format!("{} : {}", a.label(), h.label().to_lowercase()))
        })
        .collect();
    if list.is_empty() {
        "Aucune".to_string()
    } else {
        list.join(", ")
    }
}

fn users_table(a: &Access, app: &crate::ui::context::AppContext) -> Html {
    let apps = a.structure.applications.clone();
    let manage = a.may(Action::DetacherUtilisateur);
    let rows: Html = rat::members(&a.sb, &a.structure.id)
        .into_iter()
        .filter(|(r, _)| r.status != RattachementStatus::EnCoursDeValidation)
        .map(|(r, acc)| {
            // The domain says which actions apply to this user (a dry run of each command).
            let now = app.now();
            let can = |fin: Fin| rat::change_status(&a.sb, &a.actor, &r.id, fin, now).is_ok();
            let (can_deactivate, can_reactivate, can_detach) =
                (can(Fin::Desactiver), can(Fin::Reactiver), can(Fin::Detacher));
            let can_habilitate =
                rat::set_habilitations(&a.sb, &a.actor, &r.id, &r.habilitations, now).is_ok();
            let act = |fin: Fin| {
                let app = app.clone();
                let id = r.id.clone();
                Callback::from(move |_| {
                    let Some(actor) = app.account().map(|a| a.id.clone()) else { return };
                    if let Err(e) = app.run(|sb, now| rat::change_status(sb, &actor, &id, fin, now)) {
                        app.with_backend(|b| b.alert(e));
                    }
                })
            };
            let name = acc.full_name();
            html! {
                <tr key={r.id.to_string()}>
                    <td>{name.clone()}<br /><span class="mention">{acc.login_email.clone()}</span></td>
                    <td>{r.role.label()}</td>
                    <td>{r.status.label()}{r.decided_at.map(|d| format!(" ({})", date_fr(d))).unwrap_or_default()}</td>
                    <td>
                        {habilitations_text(r, &apps)}
                        if can_habilitate {
                            <HabilitationsEditor rattachement={r.clone()} apps={apps.clone()} name={name.clone()} />
                        }
                    </td>
                    if manage {
                        <td>
                            if can_deactivate {
                                <ConfirmButton id={format!("desactiver-{}", r.id)} label={AttrValue::from(format!("Désactiver {name}"))}
                                    question={AttrValue::from(format!("Désactiver le rattachement de {name} ? Son accès à la structure sera suspendu."))}
                                    on_confirm={act(Fin::Desactiver)} />
                            }
                            if can_reactivate {
                                <button type="button" class="bouton bouton-secondaire" onclick={act(Fin::Reactiver).reform(|_: MouseEvent| ())}>{format!("Réactiver {name}")}</button>
                            }
                            if can_detach {
                                <ConfirmButton id={format!("detacher-{}", r.id)} label={AttrValue::from(format!("Détacher {name}"))} danger=true
                                    question={AttrValue::from(format!("Détacher {name} de la structure ? Il ou elle devra refaire une demande pour revenir."))}
                                    on_confirm={act(Fin::Detacher)} />
                            }
                        </td>
                    }
                </tr>
            }
        })
        .collect();
    html! {
        <section aria-labelledby="titre-liste-utilisateurs">
            <h2 id="titre-liste-utilisateurs">{"Utilisateurs rattachés"}</h2>
            <table class="tableau">
                <caption>{"Utilisateurs de la structure"}</caption>
                <thead><tr>
                    <th scope="col">{"Utilisateur"}</th><th scope="col">{"Rôle"}</th><th scope="col">{"Rattachement"}</th><th scope="col">{"Habilitations"}</th>
                    if manage { <th scope="col">{"Actions"}</th> }
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    rattachement: Rc<Rattachement>,
    apps: Vec<Application>,
    name: String,
}

/// Per application: none, consultation or modification.
#[component]
fn HabilitationsEditor(props: &EditorProps) -> Html {
    let app = use_app();
    let open = use_state(|| false);
    let draft = {
        let h = props.rattachement.habilitations.clone();
        use_state(move || h)
    };
    let feedback = use_state(Feedback::default);
    let rid = props.rattachement.id.to_string();
    if !*open {
        let onclick = {
            let open = open.clone();
            Callback::from(move |_| open.set(true))
        };
        return html! {
            <div>
                {feedback.done_html()}
                <button type="button" class="lien" {onclick}>{format!("Modifier les habilitations de {}", props.name)}</button>
            </div>
        };
    }
    let save = {
        let (app, draft, open, feedback) =
            (app.clone(), draft.clone(), open.clone(), feedback.clone());
        let id = props.rattachement.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let h: BTreeMap<Application, Habilitation> = (*draft).clone();
            let r = app.run(|sb, now| rat::set_habilitations(sb, &actor, &id, &h, now));
            if r.is_ok() {
                open.set(false);
            }
            feedback.set(Feedback::from(
                r,
                "Habilitations enregistrées ; l'utilisateur a reçu un message.",
            ));
        })
    };
    let options = || {
        vec![
            ("aucune".to_string(), "Aucune".to_string()),
            ("consultation".to_string(), "Consultation".to_string()),
            ("modification".to_string(), "Modification".to_string()),
        ]
    };
    html! {
        <form class="formulaire formulaire-compact" onsubmit={save} novalidate=true>
            <fieldset>
                <legend>{format!("Habilitations de {}", props.name)}</legend>
                <ErrorSummary id={AttrValue::from(format!("erreurs-hab-{rid}"))} error={feedback.error.clone()} fields={vec![("habilitations", "Habilitations")]} />
                { for props.apps.iter().enumerate().map(|(i, a)| {
                    let a = *a;
                    let value = match draft.get(&a) {
                        None => "aucune",
                        Some(Habilitation::Consultation) => "consultation",
                        Some(Habilitation::Modification) => "modification",
                    };
                    let draft = draft.clone();
                    select_field(&format!("hab-{rid}-{i}"), a.label(), options(), value, Callback::from(move |v: String| {
                        let mut h = (*draft).clone();
                        match v.as_str() {
                            "consultation" => { h.insert(a, Habilitation::Consultation); }
                            "modification" => { h.insert(a, Habilitation::Modification); }
                            _ => { h.remove(&a); }
                        }
                        draft.set(h);
                    }), None)
                }) }
            </fieldset>
            <div class="actions"><button type="submit" class="bouton">{"Enregistrer les habilitations"}</button></div>
        </form>
    }
}

fn transfer(a: &Access, now: domain::Timestamp) -> Html {
    // Whom the role may go to is the domain's rule: keep those the command would accept.
    let candidates: Vec<(String, String)> = rat::members(&a.sb, &a.structure.id)
        .into_iter()
        .filter(|(r, _)| rat::transfer_gp(&a.sb, &a.actor, &a.structure.id, &r.id, now).is_ok())
        .map(|(r, acc)| (r.id.to_string(), acc.full_name()))
        .collect();
    html! { <Transfert {candidates} structure={a.structure.id.to_string()} /> }
}

#[derive(Properties, PartialEq)]
struct TransfertProps {
    candidates: Vec<(String, String)>,
    structure: String,
}

#[component]
fn Transfert(props: &TransfertProps) -> Html {
    let app = use_app();
    let chosen = use_state(String::new);
    let feedback = use_state(Feedback::default);
    let on_confirm = {
        let (app, chosen, feedback) = (app.clone(), chosen.clone(), feedback.clone());
        let sid = domain::kernel::ids::StructureId::from(props.structure.as_str());
        Callback::from(move |_| {
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let to = RattachementId((*chosen).clone());
            let r = app.run(|sb, now| rat::transfer_gp(sb, &actor, &sid, &to, now));
            feedback.set(Feedback::from(
                r,
                "Le rôle de gestionnaire principal a été transmis.",
            ));
        })
    };
    let mut options = vec![(String::new(), "— Choisir un utilisateur —".to_string())];
    options.extend(props.candidates.iter().cloned());
    html! {
        <section aria-labelledby="titre-transfert">
            <h2 id="titre-transfert">{"Transférer le rôle de gestionnaire principal"}</h2>
            {feedback.done_html()}
            <ErrorSummary id="erreurs-transfert" error={feedback.error.clone()} fields={vec![("nouveau_gp", "Nouveau gestionnaire principal")]} />
            if props.candidates.is_empty() {
                <p>{"Aucun utilisateur validé à qui transmettre le rôle."}</p>
            } else {
                <div class="formulaire">
                    {select_field("nouveau_gp", "Nouveau gestionnaire principal", options, &chosen,
                        { let chosen = chosen.clone(); Callback::from(move |v| chosen.set(v)) }, feedback.field("nouveau_gp"))}
                    <ConfirmButton id="transferer" label="Transférer le rôle"
                        question="Transmettre le rôle de gestionnaire principal ? Vous resterez utilisateur de la structure."
                        confirm_label="Oui, transférer" {on_confirm} />
                </div>
            }
        </section>
    }
}
